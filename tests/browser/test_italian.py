"""No English on a screen in Italian: every page of every role (organisers on a
laptop, delegates on a laptop and on 390x844 and 360x740 phones), every tab,
its visible text and its accessible names (aria-label, title, placeholder,
alt) read in the real browser, fail on English words from a list: the
framework's own strings included (the skip link, the uploader, the date
placeholder, «Help for …», «Open», «Remove …», the navigation's names)."""

import re

import pytest
from playwright.sync_api import expect

from testkit.browser import TIMEOUT, first_delegate, shot, staff_page, wait_app
from ui.pages import DELEGATES, ORGANISERS, PAGES, STAFF

pytestmark = pytest.mark.browser

ENGLISH = [
    "Select all",
    "Select",
    "Upload",
    "Browse",
    "Drag and drop",
    "Skip to",
    "Help",
    "Open",
    "Close",
    "Remove",
    "Clear",
    "Search",
    "Download",
    "Fullscreen",
    "Increment",
    "Decrement",
    "Running",
    "Choose",
    "Press Enter",
    "No results",
    "Show password",
    "Hide password",
    "Limit",
    "Page not found",
    "Loading",
    "Please",
    "Copy",
    "Expand",
    "Collapse",
    "month",
    "dd/mm/yyyy",
    "DD/MM/YYYY",
    "YYYY/MM/DD",
    "Deploy",
    "Rerun",
    "Settings",
    "Made with",
    "App pages",
    "Sidebar",
    "None",
    "NaN",
]
WORDS = re.compile(r"(?<![\w/])(" + "|".join(re.escape(w) for w in ENGLISH) + r")(?![\w/])")
# What a person reads and what a screen reader says: the text shown (not icons' ligatures, which
# are hidden from screen readers) and the accessible names.
READ = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || el.closest("[aria-hidden=true], script, style") || !el.checkVisibility()) continue;
    if (n.nodeValue.trim()) out.push(n.nodeValue);
  }
  for (const el of document.querySelectorAll("[aria-label], [title], [placeholder], img[alt]"))
    for (const a of ["aria-label", "title", "placeholder", "alt"]) { const v = el.getAttribute(a); if (v) out.push(v); }
  return out.join("\\n");
}"""


def english(page) -> list[str]:
    """The English words on the page, each with a little of its context."""
    wait_app(page)
    page.wait_for_function("window.__coprogLingua !== undefined")  # the page's translation of the framework
    page.wait_for_timeout(300)
    text = page.evaluate(READ)
    return sorted({text[max(0, m.start() - 30) : m.end() + 30].replace("\n", " ") for m in WORDS.finditer(text)})


def walk(page, base: str, names: list[str], who: str, found: dict) -> None:
    for name in names:
        page.goto(f"{base}/{PAGES[name][3]}")
        wait_app(page)
        where = f"{who} · {name}"
        found[where] = english(page)
        tabs = page.get_by_role("tab")
        for n in range(min(tabs.count(), 12)):
            tab = tabs.nth(n)
            if not tab.is_visible():
                continue
            label = tab.inner_text()
            tab.click()
            found[f"{where} / {label}"] = english(page)


def test_every_page_of_every_role_is_in_italian(server, offline_context):
    base, found = server["base"], {}
    organiser = staff_page(offline_context(viewport={"width": 1400, "height": 1400}), base, "Preparazione")
    walk(organiser, base, [*ORGANISERS, *STAFF], "organizzatore", found)
    shot(organiser, "italiano-organizzatore")
    (code, _, _), join_code = first_delegate(server["db"])
    for width, height in ((1280, 1000), (390, 844), (360, 740)):
        context = offline_context(viewport={"width": width, "height": height}, is_mobile=width < 500)
        page = context.new_page()
        page.goto(f"{base}/join/{code}")
        notice = page.get_by_role("button", name="Ho letto l'informativa")
        # wait for the page to say which it shows (the notice, or the delegate's page), then act
        expect(notice.or_(page.get_by_label("Codice della sessione")).first).to_be_visible(timeout=TIMEOUT)
        wait_app(page)
        if notice.is_visible():
            notice.click()
            wait_app(page)
        page.goto(f"{base}/partecipa?sessione={join_code}")
        expect(page.get_by_text("Fase in corso")).to_be_visible(timeout=TIMEOUT)
        found[f"delegato {width} · partecipa (sessione)"] = english(page)
        walk(page, base, DELEGATES, f"delegato {width}", found)
        shot(page, f"italiano-delegato-{width}")
    signed_out = offline_context(viewport={"width": 1280, "height": 1000}).new_page()
    signed_out.goto(base + "/")
    wait_app(signed_out)
    signed_out.get_by_text("Accesso staff").click()
    found["senza accesso · accesso"] = english(signed_out)
    bad = {where: words for where, words in found.items() if words}
    assert bad == {}, "\n".join(f"{where}: {words}" for where, words in bad.items())
    assert len(found) > 40
