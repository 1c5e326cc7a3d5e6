"""Access codes, signed cookies, staff passwords and the brake on wrong codes."""

import pytest

from coprog.procedure import access, delegates
from coprog.texts.errors import NotAllowed, NotFound
from testkit.builders import STAFF


def test_codes_are_printable_and_unambiguous():
    codes = {access.new_access_code() for _ in range(2000)}
    assert len(codes) == 2000
    for code in list(codes)[:200]:
        assert len(code) == access.CODE_LENGTH
        assert not set(code) & set("01OIL")
    assert access.format_code("ABCDEFGHJKMN") == "ABCD-EFGH-JKMN"


@pytest.mark.parametrize(
    "typed",
    [
        "abcd-efgh-jkmn",
        " ABCD EFGH JKMN ",
        "abcdefghjkmn",
        "ABCD\u2013EFGH\u2013JKMN",  # en dash: a phone's smart punctuation
        "ABCD\u2011EFGH\u2011JKMN",  # non-breaking hyphen, as a document may print it
        "ABCD\u00a0EFGH\u202fJKMN",  # non-breaking spaces
        "ABCD\u00adEFGH\u200bJKMN",  # soft hyphen, zero-width space: invisible in a copy from a PDF or a mail
        "\uff21\uff22\uff23\uff24-efgh-jkmn",  # full-width letters
    ],
)
def test_typed_codes_are_normalised(typed):
    assert access.normalize_code(typed) == "ABCDEFGHJKMN"


@pytest.mark.parametrize("typed", ["", "   ", "ABCD-EFGH-JKM0", "<script>", "x" * 100])
def test_impossible_codes_are_rejected(typed):
    assert access.normalize_code(typed) is None


def test_identify_by_code(world, database):
    anna = world["anna"]
    kind, found = delegates.identify_person(database, access.format_code(anna["access_code"]).lower(), "ip:1")
    assert kind == "delegato"
    assert found["id"] == anna["id"] and found["organisation"] == "Cooperativa Sociale Alfa"
    with pytest.raises(NotFound):
        delegates.identify_person(database, "AAAA-BBBB-CCCC", "ip:1")


def test_wrong_codes_are_slowed_down(world, database):
    now = 1_000_000.0
    for _ in range(access.FREE_FAILURES):
        access.check_not_throttled(database, "ip:9", now)
        access.record_failure(database, "ip:9", now)
    with pytest.raises(NotAllowed) as info:
        access.check_not_throttled(database, "ip:9", now + 1)
    assert info.value.key == "access.throttled" and info.value.params["seconds"] >= 1
    access.check_not_throttled(database, "ip:9", now + access.MAX_DELAY + 1)  # waited enough
    access.check_not_throttled(database, "ip:other", now + 1)  # another client is not slowed


def test_even_the_right_code_waits_while_throttled(world, database):
    for _ in range(access.FREE_FAILURES):
        with pytest.raises(NotFound):
            delegates.identify_person(database, "AAAA-BBBB-CCCC", "ip:10")
    with pytest.raises(NotAllowed):
        delegates.identify_person(database, world["anna"]["access_code"], "ip:10")


def test_delay_grows_and_is_capped():
    delays = [access.delay_for(n) for n in range(0, 20)]
    assert delays[: access.FREE_FAILURES] == [0] * access.FREE_FAILURES
    assert delays == sorted(delays) and max(delays) == access.MAX_DELAY


def test_cookie_token_round_trip_and_revocation(world, database):
    anna = world["anna"]
    token = access.sign_delegate("secret", anna["id"], anna["access_code"])
    assert delegates.delegate_from_token(database, "secret", token)["id"] == anna["id"]
    assert delegates.delegate_from_token(database, "other-secret", token) is None
    assert delegates.delegate_from_token(database, "secret", token + "x") is None
    assert delegates.delegate_from_token(database, "secret", None) is None
    delegates.reissue_code(database, STAFF, anna["id"])
    assert delegates.delegate_from_token(database, "secret", token) is None  # old cookie dead


def test_revoked_code_no_longer_identifies(world, database):
    anna = world["anna"]
    delegates.revoke_code(database, STAFF, anna["id"])
    with pytest.raises(NotFound):
        delegates.identify_person(database, anna["access_code"], "ip:2")


def test_only_staff_manage_codes(world, database):
    delegate_actor = delegates.delegate_actor(world["anna"])
    with pytest.raises(NotAllowed):
        delegates.reissue_code(database, delegate_actor, world["carla"]["id"])


def test_password_hashes():
    stored = access.hash_password("una password lunga", iterations=1000)
    assert stored.startswith("pbkdf2_sha256$1000$")
    assert access.verify_password("una password lunga", stored)
    assert not access.verify_password("sbagliata", stored)
    assert not access.verify_password("una password lunga", None)
    assert not access.verify_password("x", "not-a-hash")


def test_cookie_secret_is_stable_and_shared(database):
    first = access.cookie_secret(database)
    assert first == access.cookie_secret(database) and len(first) >= 32
    assert access.cookie_secret(database, "configured") == "configured"


def test_a_taken_code_is_replaced_by_a_fresh_one(world, database, monkeypatch):
    taken = world["anna"]["access_code"]
    fresh = iter([taken, taken, "ZZZZYYYYXXXX"])
    monkeypatch.setattr(access, "new_access_code", lambda: next(fresh))
    assert delegates.reissue_code(database, STAFF, world["carla"]["id"]) == "ZZZZYYYYXXXX"
    with pytest.raises(NotFound):
        delegates.reissue_code(database, STAFF, 9999)


def test_staff_tokens():
    cookie = access.sign_staff("k", "organizzatore")
    handoff = access.sign_staff("k", "facilitatore", handoff=True)
    assert access.read_staff_token("k", cookie) == ("organizzatore", None)
    assert access.read_staff_token("k", handoff, handoff=True) == ("facilitatore", None)
    named = access.sign_staff("k", "facilitatore", 7)
    assert access.read_staff_token("k", named) == ("facilitatore", 7)
    # a hand-off link is not a cookie and the other way round; other keys fail
    assert access.read_staff_token("k", handoff) is None
    assert access.read_staff_token("k", cookie, handoff=True) is None
    assert access.read_staff_token("other", cookie) is None
    assert access.read_staff_token("k", None) is None
    # a delegate's cookie never passes for staff
    assert access.read_staff_token("k", access.sign_delegate("k", 1, "ABCDEFGHJKMN")) is None


def test_staff_handoff_link_expires(monkeypatch):
    import itsdangerous.timed

    handoff = access.sign_staff("k", "organizzatore", handoff=True)
    real_time = itsdangerous.timed.time.time
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: real_time() + access.HANDOFF_MAX_AGE + 5)
    assert access.read_staff_token("k", handoff, handoff=True) is None


@pytest.mark.parametrize(
    "role, delegate", [(None, False), (None, True), ("facilitatore", False), ("organizzatore", False)]
)
def test_the_navigation_and_the_server_agree(role, delegate):
    """What a tab's navigation lists is exactly what the server lets it open (serve.py)."""
    from coprog.procedure import permissions
    from ui.pages import AUDIENCE, PAGES, names_for

    assert set(AUDIENCE.values()) <= set(permissions.PAGE_AUDIENCES)
    listed = set(names_for(role, delegate))
    assert listed == {n for n in PAGES if permissions.may_open_page(AUDIENCE[n], role, delegate)}
