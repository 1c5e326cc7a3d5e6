"""A vote over the real protocol is answered by one small run: the button's
callback casts it and reruns only the line «Ultimo voto registrato» and the
answer under the button, not the ballot with its controls (at the opening
every delegate votes within the same minute); the controls stay as the
delegate set them, and a second vote is answered the same way."""

from testkit.protocol import APPROVE, SEEDS, approval, people, port_of, run, signed_in

BALLOT_FORM = "ballot"


async def vote_twice(server) -> None:
    [person], join_code = people(server["db"], 1)
    page = await signed_in(port_of(server), person, join_code)
    try:
        assert page.has_widget(APPROVE), "the open ballot is on the page"
        for choice in (SEEDS[:1], SEEDS[1:3]):
            answer = await page.submit(approval(choice, SEEDS), "Registra il voto", BALLOT_FORM)
            assert not answer.exceptions
            assert answer.has("success", "Voto registrato alle")
            assert all(title in answer.alerts[-1][1] for title in choice)  # what is stored, read back
            assert answer.has("info", "Ultimo voto registrato")  # the line above the ballot follows
            assert answer.widgets == [], "no control of the ballot drawn again"
            assert page.has_widget(APPROVE) and page.has_widget("Registra il voto", BALLOT_FORM)
    finally:
        await page.close()


def test_a_vote_is_answered_without_drawing_the_ballot_again(server):
    run(vote_twice(server))
