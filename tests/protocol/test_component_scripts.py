"""The participant page's components (its watch, its list, the Italian of
Streamlit's strings) run scripts that the server serves as files, which the
browser loads once per page: a run names each script's file and carries none of
it (a delegate's join carried 15 of its 27 kB as the same scripts every time)."""

import http.client
from pathlib import Path

from testkit.protocol import people, port_of, run, signed_in
from testkit.stclient import http_get


def fetch(port: int, path: str, **headers: str) -> http.client.HTTPResponse:
    """A GET as the browser sends it, with its headers; the answer read whole."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers=headers)
    answer = connection.getresponse()
    answer.body = answer.read()  # type: ignore[attr-defined]
    connection.close()
    return answer


async def join_and_fetch(server) -> None:
    [person], join_code = people(server["db"], 1)
    port = port_of(server)
    page = await signed_in(port, person, join_code)
    try:
        await page.read_notice()
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


def test_a_browser_that_has_a_script_gets_not_modified_and_a_changed_one_gets_it_again(server):
    """A reload (a phone that dropped the tab, a reconnection) asks again and gets
    a bodiless 304 for each file it has; a file that changed (a new version of
    the app) comes whole with its new tag; no answer lets a browser keep a copy
    without asking (``no-cache``)."""
    run(join_and_fetch(server))  # the components are registered by a page's run
    port = port_of(server)
    path = "/_stcore/bidi-components/coprog.watch/watch.js"
    first = fetch(port, path)
    tag = first.getheader("ETag")
    assert first.status == 200 and b"export default function" in first.body and tag
    assert first.getheader("Cache-Control") == "no-cache"
    again = fetch(port, path, **{"If-None-Match": tag})
    assert (again.status, again.body, again.getheader("ETag")) == (304, b"", tag)
    assert again.getheader("Cache-Control") == "no-cache"
    for stale in ('"an-old-version"', "W/" + tag[:-3] + '"'):  # a tag of another version
        other = fetch(port, path, **{"If-None-Match": stale})
        assert other.status == 200 and other.body == first.body and other.getheader("ETag") == tag
    style = fetch(port, "/_stcore/bidi-components/coprog.list/list.css")
    assert style.status == 200 and style.getheader("ETag") not in (None, tag)
    # not a file of ours: Streamlit answers as before, tag or not
    for odd in ("coprog.watch/../../config.py", "coprog.watch/nothing.js"):
        assert fetch(port, f"/_stcore/bidi-components/{odd}", **{"If-None-Match": "*"}).status in (400, 404)


def test_the_page_icon_is_a_file_served_as_it_is_not_made_again_by_each_run(server):
    """Every run names the icon by its address under ``/app/static/`` (Streamlit
    serves ``static/``): a path on disk had each run open the image, check it and
    register a copy of it for the session. The address answers the file itself;
    the folder answers nothing else."""
    port = port_of(server)

    async def icons() -> list[str]:
        [person], join_code = people(server["db"], 1)
        page = await signed_in(port, person, join_code)
        try:
            return [page_run.favicon for page_run in (await page.rerun(), await page.rerun())]
        finally:
            await page.close()

    assert run(icons()) == ["/app/static/favicon.png"] * 2
    icon = fetch(port, "/app/static/favicon.png")
    assert icon.status == 200 and icon.getheader("Content-Type") == "image/png"
    assert icon.body == (Path(__file__).parents[2] / "static" / "favicon.png").read_bytes()
    for odd in ("/app/static/../serve.py", "/app/static/nothing.png", "/app/static/%2e%2e/app.py"):
        assert fetch(port, odd).status in (400, 404), odd
