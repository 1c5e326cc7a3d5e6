export default function ({ data, parentElement }) {
  const box = parentElement;
  if (box.__coprogStop) box.__coprogStop();
  const since = performance.now();  // the browser's own clock: no skew with the server's
  const two = (n) => String(n).padStart(2, "0");
  const show = (s) => {
    const whole = data.up ? Math.floor(s) : Math.round(s);
    const minutes = Math.floor(whole / 60);
    return (data.up ? String(minutes) : two(minutes)) + ":" + two(whole % 60);
  };
  let heading = box.querySelector("[data-coprog-clock]");
  if (!heading || heading.tagName !== "H" + data.level) {
    if (heading) heading.remove();  // only the heading: the component's style sheet sits beside it
    heading = document.createElement("h" + data.level);
    heading.dataset.coprogClock = "1";
    heading.className = "coprog-clock";
    const icon = document.createElement("span");
    icon.setAttribute("role", "img");
    icon.setAttribute("aria-label", "timer icon");
    icon.className = "coprog-clock-icon";
    icon.style.fontFamily = '"Material Symbols Rounded"';  // over the headings' own font
    icon.textContent = "timer";  // a ligature of Streamlit's own Material font, served by the app
    const text = document.createElement("span");
    text.className = "coprog-clock-text";
    const over = document.createElement("strong");
    over.className = "coprog-clock-over";
    heading.append(icon, " ", text, over);
    box.append(heading);
  }
  const text = heading.querySelector(".coprog-clock-text");
  const over = heading.querySelector(".coprog-clock-over");
  const draw = () => {
    const passed = data.running ? (performance.now() - since) / 1000 : 0;
    const seconds = data.up ? data.seconds + passed : Math.max(0, data.seconds - passed);
    text.textContent = data.line.replace("{clock}", show(seconds));
    over.textContent = data.limit !== null && seconds > data.limit ? " · " + data.over : "";
  };
  draw();
  const timer = data.running ? setInterval(draw, 250) : null;  // a quarter second: the figure turns with the second
  box.__coprogStop = () => clearInterval(timer);
  return box.__coprogStop;
}
