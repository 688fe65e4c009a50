"""How many queries an API list costs, so tests can pin it at two data sizes."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def list_queries(client, url: str) -> int:
    """Queries for one GET of `url`, after a first call that notes the token's use
    (written at most once a minute, so it is not part of the list's cost)."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries)
