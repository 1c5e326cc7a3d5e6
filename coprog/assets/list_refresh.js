export default function ({ data }) {
  if (window.__coprogList) window.__coprogList.refresh(data.version);
}
