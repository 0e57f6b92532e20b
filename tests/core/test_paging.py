"""Paging through the public lists: every page reachable by its links, and a page past the
end (an old link, a list that shrank) shows the last page, never "there is nothing here".
The API is different: a client that asks for page n gets page n, empty past the end."""
from __future__ import annotations

import re

from inspraak.consultations.models import Consultation
from inspraak.extensions import db

NGT = "planten-uit-nieuwe-genomische-technieken-uitvoering-van-de-europese-ngt-verorden"


def _links(html: str) -> dict[str, str]:
    nav = re.search(r'<nav class="pagination".*?</nav>', html, re.S)
    assert nav, "no pagination"
    return {rel: href.replace("&amp;", "&") for href, rel in re.findall(r'href="([^"]+)" rel="(prev|next)"', nav.group(0))}


def test_every_page_of_the_published_responses_is_reachable_by_its_links(demo_app):
    client = demo_app.test_client()
    url, seen, pages = f"/consultaties/{NGT}/reacties", set(), 0
    while url:
        html = client.get(url).get_data(as_text=True)
        pages += 1
        seen.update(re.findall(r'/reacties/(\d+)/melden', html))
        links = _links(html)
        assert ("prev" in links) == (pages > 1)
        url = links.get("next")
    total = int(re.search(r"(\d+) reacties", html).group(1))
    assert pages == -(-total // 20) > 1 and len(seen) == total  # every answer once, on some page


def test_a_page_past_the_end_shows_the_last_page(demo_app):
    client = demo_app.test_client()
    html = client.get(f"/consultaties/{NGT}/reacties?pagina=999999999").get_data(as_text=True)
    last = re.search(r"Pagina (\d+) van (\d+)", html)
    assert last and last.group(1) == last.group(2) and "nog geen reacties" not in html
    assert "prev" in _links(html) and re.search(r'/reacties/\d+/melden', html)

    titles = db.session.scalars(db.select(Consultation.title).where(Consultation.status != "draft")).all()
    html = client.get("/consultaties/?pagina=999999999").get_data(as_text=True)
    assert "geen consultaties" not in html and any(title in html for title in titles)
    html = client.get("/enquetes/?pagina=99999").get_data(as_text=True)
    assert "nog geen enquêtes" not in html.lower() and 'href="/enquetes/' in html


def test_the_api_gives_the_page_asked_for_even_past_the_end(demo_app):
    client = demo_app.test_client()
    body = client.get(f"/api/v1/consultations/{NGT}/responses?page=2").get_json()
    assert body["page"] == 2 and len(body["items"]) == 20 and body["pages"] > 2
    past = client.get(f"/api/v1/consultations/{NGT}/responses?page={body['pages'] + 1}").get_json()
    assert past["page"] == body["pages"] + 1 and past["items"] == [] and past["total"] == body["total"]
    listing = client.get("/api/v1/consultations?page=50").get_json()
    assert listing["page"] == 50 and listing["items"] == [] and listing["total"] > 0
