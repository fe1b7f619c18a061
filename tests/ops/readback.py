"""Run in a child process against a restored database: can each person still be read?

`python -m tests.ops.readback USERNAME` prints one JSON object: every person's legal
name, or null when it does not decrypt, and the status of each person's page opened by
USERNAME (a real request through every middleware, as the web app would answer it).
"""

from __future__ import annotations

import json
import sys


def main(username: str) -> None:
    import django

    django.setup()
    from django.test import Client

    from openlead.access.crypto import DecryptionError
    from openlead.access.models import User
    from openlead.people import vault
    from openlead.people.models import Person
    from tests.mfa import mark_session_verified

    names: dict[str, str | None] = {}
    for person in Person.objects.order_by("pk"):
        try:
            names[person.public_id] = vault.get_person_field(
                person, vault.data_key(person.public_id), "legal_name"
            )
        except DecryptionError:
            names[person.public_id] = None
    client = Client(raise_request_exception=False)
    user = User.objects.get(username=username)
    client.force_login(user)
    mark_session_verified(client, user)
    pages = {ref: client.get(f"/people/{ref}/").status_code for ref in names}
    # Every page of the list: the demo has more than one page of people, and the deleted
    # person's row need not be on the first.
    people_list = client.get("/people/")
    listed = [people_list]
    while 'rel="next"' in listed[-1].content.decode() and len(listed) < 100:
        listed.append(client.get(f"/people/?page={len(listed) + 1}"))
    print(
        json.dumps(
            {
                "names": names,
                "pages": pages,
                "people_list": max(r.status_code for r in listed),
                "list_text": "".join(r.content.decode() for r in listed),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
