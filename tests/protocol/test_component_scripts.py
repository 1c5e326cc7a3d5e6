"""The participant page's components (its watch, its list, the Italian of
Streamlit's strings) run scripts that the server serves as files, which the
browser loads once per page: a run names each script's file and carries none of
it (a delegate's join carried 15 of its 27 kB as the same scripts every time)."""

from testkit.protocol import people, port_of, run, signed_in
from testkit.stclient import http_get


async def join_and_fetch(server) -> None:
    [person], join_code = people(server["db"], 1)
    port = port_of(server)
    page = await signed_in(port, person, join_code)
    try:
        if page.has_widget("Ho letto l'informativa"):
            await page.click("Ho letto l'informativa")
        drawn = await page.rerun()  # the whole page drawn again, as at join
        assert not drawn.exceptions
        names = {name for name, _, _ in drawn.components}
        assert {"coprog.watch", "coprog.list", "coprog.lingua"} <= names, names
        for name, script, inline in drawn.components:
            assert inline == 0, f"{name}: {inline} bytes of script inside the run"
            assert script.endswith(".js"), f"{name}: no script file named"
            status, _, body = await http_get("127.0.0.1", port, f"/_stcore/bidi-components/{name}/{script}", {}, True)
            assert status == 200 and b"export default function" in body, (name, script, status)
        # a file outside the declared folder, or a component that is not ours, is not served
        for path in ("coprog.watch/../../config.py", "coprog.nothing/watch.js", "coprog.watch/nothing.js"):
            status, _ = await http_get("127.0.0.1", port, f"/_stcore/bidi-components/{path}", {})
            assert status in (400, 404), (path, status)
    finally:
        await page.close()


def test_the_components_scripts_are_files_loaded_once_not_sent_with_each_run(server):
    run(join_and_fetch(server))
