"""Hostile text typed by participants or found in imported files."""

XSS = [
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=2">',
    '<svg onload="window.__xss=3">',
    "javascript:window.__xss=4",
    "[clic](javascript:window.__xss=5)",
    '![img](x" onerror="window.__xss=6)',
    '<iframe src="javascript:window.__xss=7"></iframe>',
    '"><script>window.__xss=8</script>',
    "'><img src=x onerror=window.__xss=9>",
    "$\\href{javascript:window.__xss=10}{formula}$",
    ":red[**rosso**] :material/warning: directive",
    '<a href="javascript:window.__xss=12">link</a>',
    '<details open ontoggle="window.__xss=13">x</details>',
    "<body onload=window.__xss=14>",
    "{{7*7}} ${7*7} {% raw %}",
    "\u202eRTL override\u202c testo",
    "\U0001d56c" * 60,
    "<style>body{display:none !important}</style>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=19>",
    "data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MjA8L3NjcmlwdD4=",
    "=cmd|' /C calc'!A0",
    "# Titolo iniettato\n\n---\n> citazione",
    "<marquee onstart=window.__xss=23>m</marquee>",
    '<object data="javascript:window.__xss=24"></object>',
    "```html\n<script>window.__xss=25</script>\n```",
]


# Markdown and HTML that would make a live link or an image where text is read as Markdown
# (tables, labels, captions) or as HTML: each must show as typed, nowhere a link or an image.
LIVE = [
    "[clicca qui](https://phish.example/a)",
    "![foto](https://phish.example/i.png)",
    "[dati](data:text/html;base64,PHA+)",
    "<https://phish.example/auto>",
    "https://phish.example/nuda",
    "<a href='https://phish.example/h'>html</a>",
    "<img src='https://phish.example/h.png'>",
    "**neretto** _corsivo_ :red[rosso] :material/warning:",
]
# What a page may never hold, built from those payloads (checked on every page and tab).
LIVE_SELECTOR = (
    "a[href*='phish.example'], img[src*='phish.example'], a[href^='data:'], a[href^='javascript:'],"
    " iframe[src*='phish.example']"
)

# Markup plotly would read in a label (a live link, bold): it must show as typed.
MARKUP = ['<a href="https://example.org/x">collegamento</a>', "<b>grassetto</b> & $x^2$"]


def short(payload: str, limit: int) -> str:
    """Fit a payload into a field's length, keeping it recognisable."""
    return payload[:limit]
