export default function ({ data }) { window.location.replace(data.url); }
