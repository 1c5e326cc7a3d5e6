export default function ({ data }) {
  const bring = () => {
    const target = document.querySelector(`.st-key-${data.target}`);
    if (!target) return;
    const box = target.getBoundingClientRect();
    const height = window.innerHeight || document.documentElement.clientHeight;
    if (box.top < 0 || box.bottom > height) target.scrollIntoView({ block: "center" });
  };
  requestAnimationFrame(() => requestAnimationFrame(bring));
}
