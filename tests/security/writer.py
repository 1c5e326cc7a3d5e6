"""A separate process that writes as fast as it can and prints the id of every
write SQLite confirmed (the fault test kills it with SIGKILL mid-burst)."""

import sys

from coprog.ballots import ballots, tallying
from coprog.contributions import contributions
from coprog.procedure import delegates
from coprog.storage.db import Database
from testkit.builders import pid


def main(path: str, session_id: int, ballot_id: int) -> None:
    database = Database(path)
    people = delegates.delegates(database, pid(database))
    items = [i["id"] for i in tallying.items(database, ballot_id)]
    n = 0
    while True:
        person = people[n % len(people)]
        actor = delegates.delegate_actor(person)
        cid = contributions.create(
            database,
            actor,
            session_id,
            "bisogno",
            {
                "title": f"Scrittura confermata {n}",
                "area": "poverta",
                "target_group": "minori",
                "municipi": [1],
                "intensity": 3,
                "trend": "stabile",
                "evidence_source": "dati",
            },
        )
        print(f"C {cid}", flush=True)
        vote = ballots.cast(database, actor, ballot_id, {items[n % len(items)]: 1 + n % 3})
        print(f"V {vote['organisation_id']} {items[n % len(items)]} {1 + n % 3}", flush=True)
        n += 1


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
