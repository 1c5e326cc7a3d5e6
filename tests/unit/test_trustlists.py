"""The trust list the organisers load: the EU list of the lists (LOTL) checked
against the Commission's signers, each national list against the signers the
LOTL names for its territory, certificates taken only from a list whose
signature holds; every refusal with its reason and nothing stored."""

from datetime import UTC, datetime

import pytest
from lxml import etree

from coprog.procedure import intake, signatures, trustlists
from coprog.texts.errors import ValidationError
from testkit import pec as tp
from testkit.builders import STAFF


@pytest.fixture(scope="module")
def ca():
    return tp.Authority()


@pytest.fixture(scope="module")
def lists(ca):
    return tp.TrustLists.naming(ca)


@pytest.fixture
def commission(lists, monkeypatch, tmp_path):
    """The server's setting: the tests' Commission signs the LOTL."""
    for name, value in lists.env(tmp_path).items():
        monkeypatch.setenv(name, value)


def refusal(database, files) -> tuple[str, dict]:
    with pytest.raises(ValidationError) as refused:
        intake.load_trust(database, STAFF, files)
    assert intake.trust_list(database) == []  # nothing of the upload is kept
    _field, key, params = refused.value.problems[0]
    return key, params


def test_the_lotl_and_the_national_list_together_give_its_authorities(database, lists, commission):
    files = [("TSL-IT.xml", lists.italian), ("eu-lotl.xml", lists.lotl)]  # any order
    assert intake.load_trust(database, STAFF, files) == 1
    [anchor] = intake.trust_list(database)
    assert "CA di prova coprog" in anchor["subject"] and anchor["source"] == "TSL-IT.xml"
    assert intake.load_trust(database, STAFF, files) == 0  # the same again adds nothing
    rows = database.query("SELECT actor_kind, detail FROM audit_log WHERE action = 'carica_fiducia' ORDER BY id")
    assert len(rows) == 2 and "TSL-IT.xml" in rows[0]["detail"] and "eu-lotl.xml" in rows[0]["detail"]
    assert rows[0]["actor_kind"] == STAFF.kind


def test_a_national_list_alone_cannot_be_checked(database, lists, commission):
    key, params = refusal(database, [("TSL-IT.xml", lists.italian)])
    assert (key, params) == ("pec.trust_needs_lotl", {"name": "TSL-IT.xml", "territory": "IT", "until": ""})


def test_the_lotl_alone_names_no_authority(database, lists, commission):
    assert refusal(database, [("eu-lotl.xml", lists.lotl)])[0] == "pec.trust_lotl_alone"


def test_a_lotl_not_signed_by_the_commission_is_refused(database, ca, lists, commission):
    forged = tp.list_of_lists(tp.Authority("Commissione falsa"), {"IT": lists.agid})
    key, params = refusal(database, [("eu-lotl.xml", forged), ("TSL-IT.xml", lists.italian)])
    assert (key, params["name"]) == ("pec.trust_lotl_signature", "eu-lotl.xml")


def test_without_the_setting_the_lotl_is_checked_against_the_commissions_real_signers(database, lists):
    """pyHanko's bundled certificates: the tests' Commission is not one of them."""
    assert (
        refusal(database, [("eu-lotl.xml", lists.lotl), ("TSL-IT.xml", lists.italian)])[0] == "pec.trust_lotl_signature"
    )


def test_a_national_list_signed_by_someone_else_altered_or_unsigned_is_refused(database, ca, lists, commission):
    impostor = tp.trusted_list(tp.Authority("CA dell'impostore"), tp.Authority("Non AgID"))
    altered = lists.italian.replace(b"CA qualificata di prova", b"CA qualificata di altri")
    unsigned = tp.trusted_list(ca)
    for national in (impostor, altered, unsigned):
        key, params = refusal(database, [("eu-lotl.xml", lists.lotl), ("TSL-IT.xml", national)])
        assert (key, params) == ("pec.trust_tl_signature", {"name": "TSL-IT.xml", "territory": "IT", "until": ""})


def test_a_list_whose_territory_the_lotl_does_not_name_is_refused(database, ca, lists, commission):
    french = tp.trusted_list(ca, lists.agid, territory="FR")
    key, params = refusal(database, [("eu-lotl.xml", lists.lotl), ("TSL-FR.xml", french)])
    assert (key, params) == ("pec.trust_territory_unknown", {"name": "TSL-FR.xml", "territory": "FR", "until": ""})


def test_one_bad_file_refuses_the_whole_upload(database, lists, commission):
    files = [("eu-lotl.xml", lists.lotl), ("TSL-IT.xml", lists.italian), ("note.pem", b"-----BEGIN nonsense")]
    assert refusal(database, files)[0] == "pec.trust_malformed"


@pytest.mark.parametrize(
    "data",
    [
        b"<?xml version='1.0'?><a>",  # cut short
        b"<?xml version='1.0'?><html/>",  # XML, not a trust list
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "TrustServiceStatusList">]><x>&e;</x>',  # entities
        b"",
    ],
)
def test_what_is_not_a_trust_list_is_refused_by_name(database, commission, data):
    key, params = refusal(database, [("elenco.xml", data)])
    assert (key, params["name"]) == ("pec.trust_malformed", "elenco.xml")


def test_a_certificate_is_still_trusted_as_it_is(database, ca):
    assert intake.load_trust(database, STAFF, [("ca.pem", ca.pem)]) == 1
    assert [a.source for a in trustlists.anchors_from([("ca.der", ca.der)])] == ["ca.der"]


def test_an_unreadable_setting_for_the_commissions_signers_is_said(database, lists, monkeypatch, tmp_path):
    monkeypatch.setenv("COPROG_LOTL_SIGNERS", str(tmp_path / "manca.pem"))
    key, params = refusal(database, [("eu-lotl.xml", lists.lotl), ("TSL-IT.xml", lists.italian)])
    assert key == "pec.trust_signers_unreadable" and params["name"].endswith("manca.pem")


def test_a_ca_the_list_says_was_withdrawn_is_not_trusted_after_it(database, ca, lists, commission):
    """The national list keeps a withdrawn CA in its history, granted until the
    withdrawal: a signature under it made now reads «non fidata»; loaded again
    from a list where it is granted, it is trusted again (the period follows the
    latest list)."""
    withdrawn = datetime(2025, 6, 30, tzinfo=UTC)
    old_list = tp.trusted_list(ca, lists.agid, withdrawn=withdrawn)
    assert intake.load_trust(database, STAFF, [("eu-lotl.xml", lists.lotl), ("TSL-IT.xml", old_list)]) == 1
    [anchor] = intake.trust_list(database)
    assert (anchor["granted_from"], anchor["granted_until"]) == ("2020-01-01T00:00:00+00:00", withdrawn.isoformat())
    signer = ca.issue("Legale 01", tp.person_code(1))
    p7m = tp.cades(b"domanda firmata", signer)
    assert signatures.cades(p7m, intake.anchors(database))[1].trust == signatures.UNTRUSTED

    assert intake.load_trust(database, STAFF, [("eu-lotl.xml", lists.lotl), ("TSL-IT.xml", lists.italian)]) == 0
    [anchor] = intake.trust_list(database)
    assert (anchor["granted_from"], anchor["granted_until"]) == ("2020-01-01T00:00:00+00:00", None)
    assert signatures.cades(p7m, intake.anchors(database))[1].trust == signatures.TRUSTED


def test_a_list_past_its_next_issue_is_refused_with_its_date(database, ca, lists, commission):
    """A list whose next edition was due has been replaced: what it says may be
    out of date. The organisers are told to download the one in force."""
    due = datetime(2026, 5, 1, tzinfo=UTC)
    stale_italian = tp.trusted_list(ca, lists.agid, due=due)
    key, params = refusal(database, [("eu-lotl.xml", lists.lotl), ("TSL-IT.xml", stale_italian)])
    assert (key, params) == ("pec.trust_expired", {"name": "TSL-IT.xml", "territory": "IT", "until": "2026-05-01"})
    stale_lotl = tp.list_of_lists(lists.commission, {"IT": lists.agid}, due=due)
    key, params = refusal(database, [("eu-lotl.xml", stale_lotl), ("TSL-IT.xml", lists.italian)])
    assert (key, params["name"], params["until"]) == ("pec.trust_expired", "eu-lotl.xml", "2026-05-01")


def test_a_next_issue_written_without_its_zone_is_read_as_utc(database, ca, lists, commission):
    """ETSI's times are UTC; a list that leaves the «Z» out is read the same way."""
    service = {"status": "granted", "since": "2020-01-01T00:00:00Z", "history": ""}
    xml = tp.TSL.format(
        cert=tp._b64(ca), territory="IT", **service, issued="2025-11-01T00:00:00", due="2026-05-01T00:00:00"
    )
    stale = tp.signed(xml.encode(), lists.agid)
    key, params = refusal(database, [("eu-lotl.xml", lists.lotl), ("TSL-IT.xml", stale)])
    assert (key, params["until"]) == ("pec.trust_expired", "2026-05-01")


def inside(outer: bytes, inner: bytes, root_id: str, signature_outside: bool = False) -> bytes:
    """``inner``, a signed list, put inside ``outer``'s root (its signature
    taken away), whose Id becomes ``root_id``; ``signature_outside``: the
    signature moved out of ``inner`` to be the outer root's own."""
    ds = "{http://www.w3.org/2000/09/xmldsig#}Signature"
    root, content = etree.fromstring(outer), etree.fromstring(inner)
    for own in root.findall(ds):
        root.remove(own)
    root.set("Id", root_id)
    if signature_outside:
        root.append(content.find(ds))
    root.append(content)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def test_a_signed_list_inside_another_file_is_refused(database, ca, lists, commission):
    """A list signed by reference to its Id, put inside another list's root:
    pyHanko takes the authorities from the signed list inside (here one out of
    force) while the dates read were the outer root's (in force). Refused, the
    signature placed either way, for the LOTL and the national list; a list
    signed by its own Id loads."""
    lotl, italian = ("eu-lotl.xml", lists.lotl), ("TSL-IT.xml", lists.italian)
    due = datetime(2026, 5, 1, tzinfo=UTC)
    stale = tp.trusted_list(ca, lists.agid, due=due, reference="#TL")
    assert refusal(database, [lotl, ("TSL-IT.xml", stale)])[0] == "pec.trust_expired"  # on its own: read as it is
    for outside in (False, True):
        wrapped = inside(lists.italian, stale, "ALTRA", outside)
        key, params = refusal(database, [lotl, ("TSL-IT.xml", wrapped)])
        assert (key, params["name"], params["territory"]) == ("pec.trust_not_whole", "TSL-IT.xml", "IT")
    # the outer root given the inner list's Id: two elements with one Id
    assert refusal(database, [lotl, ("TSL-IT.xml", inside(lists.italian, stale, "TL"))])[0] in {
        "pec.trust_not_whole",
        "pec.trust_tl_signature",
    }
    # a second signature beside the root's own: which one a verifier reads is not ours to guess
    fresh_by_id = etree.fromstring(tp.trusted_list(ca, lists.agid, reference="#TL"))
    fresh_by_id.append(etree.fromstring(stale).find("{http://www.w3.org/2000/09/xmldsig#}Signature"))
    two = etree.tostring(fresh_by_id, xml_declaration=True, encoding="UTF-8")
    assert refusal(database, [lotl, ("TSL-IT.xml", two)])[0] in {"pec.trust_not_whole", "pec.trust_tl_signature"}
    stale_lotl = tp.list_of_lists(lists.commission, {"IT": lists.agid}, due=due, reference="#LOTL")
    for outside in (False, True):
        wrapped = inside(lists.lotl, stale_lotl, "ALTRA", outside)
        assert refusal(database, [("eu-lotl.xml", wrapped), italian])[0] == "pec.trust_not_whole"
    by_id = tp.trusted_list(ca, lists.agid, reference="#TL")
    assert intake.load_trust(database, STAFF, [lotl, ("TSL-IT.xml", by_id)])
    assert [row["source"] for row in intake.trust_list(database)] == ["TSL-IT.xml"]
