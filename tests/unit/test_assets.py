"""coprog/hosting/assets.py: each component file's tag follows its bytes."""

import os

from coprog.hosting.assets import PREFIX, Tags, matches


def test_a_files_tag_changes_with_its_content_and_only_files_of_the_folder_have_one(tmp_path):
    script = tmp_path / "watch.js"
    script.write_text("export default function () {}")
    tags = Tags(tmp_path)
    tag = tags.of(PREFIX + "watch/watch.js")
    assert tag and tag.startswith('"') and tag == tags.of(PREFIX + "list/watch.js")  # one folder for all
    script.write_text("export default function () { return 1 }")
    os.utime(script, ns=(1, 1))  # even within the same clock tick: the size and time moved
    assert tags.of(PREFIX + "watch/watch.js") not in (None, tag)
    for odd in ("watch/nothing.js", "watch/../watch.js", "watch/", "watch", "watch/.hidden", "watch/a/watch.js"):
        assert tags.of(PREFIX + odd) is None, odd


def test_if_none_match_lists_tags_weak_ones_and_star():
    assert matches('"a", "b"', '"b"')
    assert matches('W/"b"', '"b"')
    assert matches("*", '"b"')
    assert not matches('"a"', '"b"')
