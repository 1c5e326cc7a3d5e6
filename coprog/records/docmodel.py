"""Records as plain data: a document is a title, a language, an edition, a list
of blocks and the figures it states (facts), each fact with the open-data table
and the rows it comes from. The writers (coprog/records/rendering.py) turn a document
into DOCX, HTML and PDF and run no query; the pre-publication check
(coprog/records/verifica.py) recounts every fact from the raw rows."""

from __future__ import annotations

from dataclasses import dataclass, field

PUBLIC, INTERNAL = "pubblica", "interna"  # the sintesi's editions: what the Comune publishes, the records office's
EDITIONS = (PUBLIC, INTERNAL)


@dataclass(frozen=True)
class Fact:
    """A figure the document states: its value as printed, the open-data table
    it comes from and the keys of its rows (``("votazione_id=3", "voce_id=12")``)."""

    key: str
    value: object
    table: str
    rows: tuple[str, ...] = ()


@dataclass
class Heading:
    text: str
    level: int = 1  # 0 = the document's title, 1 = a chapter, 2 and 3 below it


@dataclass
class Paragraph:
    text: str


@dataclass
class Bullets:
    items: list[str]


@dataclass
class Ranked:
    """A numbered list whose numbers mean something (``meaning``, said before
    the list): the items come in rank order; ``None`` = not ranked (listed
    after the ranked ones, with a dash)."""

    meaning: str
    items: list[tuple[int | None, str]]


@dataclass
class Table:
    header: list[str]
    rows: list[list]
    caption: str = ""
    source: str = ""  # the open-data tables the figures come from
    note: str = ""  # a line under the caption (a list's percorso, its avviso, its deadline)


@dataclass
class Image:
    png: bytes
    alt: str
    title: str


Block = Heading | Paragraph | Bullets | Ranked | Table | Image


@dataclass
class Document:
    title: str
    subtitle: str
    blocks: list = field(default_factory=list)
    facts: dict[str, Fact] = field(default_factory=dict)
    lang: str = "it"
    edition: str = INTERNAL
    author: str = "coprog"

    # -- building ------------------------------------------------------------------

    def add(self, *blocks) -> None:
        self.blocks.extend(blocks)

    def heading(self, text: str, level: int = 1) -> None:
        self.blocks.append(Heading(text, level))

    def para(self, text: str) -> None:
        self.blocks.append(Paragraph(text))

    def paragraphs(self, text: str, empty: str = "—") -> None:
        """Typed text, one paragraph per line (blank lines dropped)."""
        lines = [line for line in (text or "").split("\n") if line.strip()]
        for line in lines or [empty]:
            self.para(line)

    def bullets(self, items) -> None:
        self.blocks.append(Bullets([str(i) for i in items]))

    def table(self, header, rows, caption: str = "", source: str = "") -> None:
        self.blocks.append(Table(list(header), [list(r) for r in rows], caption, source))

    def fact(self, key: str, value, table: str, *rows: str):
        """Record a figure the document states; returns the value, to print it."""
        self.facts[key] = Fact(key, value, table, tuple(rows))
        return value

    # -- reading -------------------------------------------------------------------

    def texts(self) -> list[str]:
        """Every text of the document, in reading order (for searches and tests)."""
        out = [self.title, self.subtitle]
        for block in self.blocks:
            if isinstance(block, Heading | Paragraph):
                out.append(block.text)
            elif isinstance(block, Bullets):
                out.extend(block.items)
            elif isinstance(block, Ranked):
                out.append(block.meaning)
                out.extend(text for _, text in block.items)
            elif isinstance(block, Table):
                out += [block.caption, *map(str, block.header), block.source]
                out.extend("" if v is None else str(v) for row in block.rows for v in row)
            elif isinstance(block, Image):
                out += [block.title, block.alt]
        return [t for t in out if t]

    def text(self) -> str:
        return "\n".join(self.texts())
