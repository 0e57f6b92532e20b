"""Keyboard only (issue 12): the citizen's survey and the NGO's roundtable sign-up, done
with Tab, Shift+Tab, Enter and Space (and typing into text fields) in a real Chromium
without JavaScript.

At every focus stop the test checks that the focus is visible -- the element matches
``:focus-visible`` and has a real outline -- and, on the elements it activates, that the
screenshot around them shows the focus colour (#ffb612). The stops in the main content
follow reading order (top to bottom, left to right on a line), no element has a positive
tabindex, and Tab leaves the page after its last link (no trap).
"""
from __future__ import annotations

import re
import struct
import zlib
from datetime import timedelta

import pytest

from inspraak.roundtables.demo import NGT_TITLE

from .support import LOCALE, PHONE_VIEWPORT

pytestmark = pytest.mark.browser

FOCUS_RGB = (0xFF, 0xB6, 0x12)
MAX_TABS = 150

_FOCUS_STATE = r"""
() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const style = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  const inMain = !!el.closest('main');
  return {
    tag: el.tagName.toLowerCase(), type: el.type || '', name: (el.getAttribute('aria-label') || el.labels?.[0]?.innerText || el.innerText || el.value || '').trim().slice(0, 80),
    id: el.id, focusVisible: el.matches(':focus-visible'),
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    shadow: style.boxShadow !== 'none',
    x: r.left + window.scrollX, y: r.top + window.scrollY, width: r.width, height: r.height, inMain,
    checked: !!el.checked, groupChecked: el.type === 'radio' && el.name ? !!document.querySelector(`input[name="${CSS.escape(el.name)}"]:checked`) : false,
    required: el.required || el.getAttribute('aria-required') === 'true', value: el.value || '',
  };
}
"""


def _png_pixels(data: bytes):
    """RGB(A) pixels of an 8-bit, non-interlaced PNG (what Chromium's screenshots are)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and colour in (2, 6)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    previous = bytearray(stride)
    for row in range(height):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            up_left = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else up_left)) & 0xFF
        for i in range(0, stride, channels):
            yield tuple(line[i:i + 3])
        previous = line


class Keyboard:
    """One person on a phone who uses only the keyboard."""

    def __init__(self, browser, base_url: str) -> None:
        self.base_url = base_url
        self.context = browser.new_context(viewport=PHONE_VIEWPORT, java_script_enabled=False, locale=LOCALE)
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()
        self.stops = 0

    def open(self, path: str) -> None:
        self.page.goto(self.base_url + path)
        self._new_page()

    def _new_page(self) -> None:
        self.page.wait_for_load_state("load")
        positive = self.page.locator("[tabindex]:not([tabindex='0']):not([tabindex^='-'])").count()
        assert positive == 0, f"positive tabindex on {self.page.url}"
        self._order: list[tuple[float, float, str]] = []

    def focused(self) -> dict | None:
        return self.page.evaluate(_FOCUS_STATE)

    def tab(self, shift: bool = False) -> dict | None:
        self.page.keyboard.press("Shift+Tab" if shift else "Tab")
        self.stops += 1
        state = self.focused()
        if state is not None:
            assert state["focusVisible"] and (state["outline"] or state["shadow"]), \
                f"focus not visible on {state['tag']} '{state['name']}' at {self.page.url}"
            if state["inMain"] and not shift:
                self._check_order(state)
        return state

    def _check_order(self, state: dict) -> None:
        here = (state["y"], state["x"], f"{state['tag']} '{state['name']}'")
        if self._order:
            y, x, what = self._order[-1]
            # Next stop: lower on the page, or on the same line further right.
            assert here[0] > y - 4 and (here[0] > y + 4 or here[1] >= x), \
                f"focus jumped back from {what} to {here[2]} on {self.page.url}"
        self._order.append(here)

    def tab_to(self, matches, *, shift: bool = False) -> dict:
        for _ in range(MAX_TABS):
            state = self.tab(shift=shift)
            if state is not None and matches(state):
                return state
        raise AssertionError(f"no focus stop matched within {MAX_TABS} key presses on {self.page.url}")

    def tab_to_name(self, pattern: str, tag: str | None = None, **kwargs) -> dict:
        regex = re.compile(pattern)
        return self.tab_to(lambda s: bool(regex.search(s["name"])) and (tag is None or s["tag"] == tag), **kwargs)

    def assert_focus_ring_on_screen(self) -> None:
        """The screenshot around the focused element shows the focus colour."""
        box = self.page.evaluate("() => { const r = document.activeElement.getBoundingClientRect();"
                                 " return {x: r.left, y: r.top, w: r.width, h: r.height}; }")
        clip = {"x": max(box["x"] - 8, 0), "y": max(box["y"] - 8, 0),
                "width": min(box["w"] + 16, PHONE_VIEWPORT["width"] - max(box["x"] - 8, 0)), "height": box["h"] + 16}
        shot = self.page.screenshot(clip=clip)
        near = sum(1 for rgb in _png_pixels(shot) if all(abs(a - b) <= 24 for a, b in zip(rgb, FOCUS_RGB)))
        assert near >= 20, f"no focus ring in the screenshot around the focused element on {self.page.url}"

    def press(self, key: str, *, navigates: bool) -> None:
        assert key in ("Enter", "Space")
        self.assert_focus_ring_on_screen()
        if navigates:
            with self.page.expect_navigation():
                self.page.keyboard.press(key)
            self._new_page()
        else:
            self.page.keyboard.press(key)

    def fill_required(self, submit_name: str, tick: str | None = None) -> None:
        """Tab through the form: choose the first option of each unanswered choice with Space,
        tick the check boxes whose label matches ``tick``, type into empty required text
        fields, then submit with Enter."""
        regex = re.compile(submit_name)
        ticks = re.compile(tick) if tick else None
        for _ in range(MAX_TABS):
            state = self.tab()
            if state is None:
                continue
            if state["tag"] == "button" and regex.search(state["name"]):
                self.press("Enter", navigates=True)
                return
            if state["type"] == "radio" and not state["groupChecked"]:
                self.press("Space", navigates=False)
            elif state["type"] == "checkbox" and not state["checked"] and (
                    state["required"] or (ticks is not None and ticks.search(state["name"]))):
                self.press("Space", navigates=False)
            elif state["tag"] in ("textarea", "input") and state["type"] in ("text", "textarea", "email", "") \
                    and state["required"] and not state["value"]:
                self.page.keyboard.type("Dit typ ik met het toetsenbord.")
        raise AssertionError(f"no button {submit_name!r} on {self.page.url}")

    def leaves_the_page_at_the_end(self) -> None:
        """Tab runs through the whole page and then out of it: no focus trap."""
        seen = 0
        for _ in range(MAX_TABS):
            if self.tab() is None:
                assert seen > 3
                return
            seen += 1
        raise AssertionError(f"focus never left {self.page.url}: a trap?")

    @property
    def heading(self) -> str:
        return self.page.get_by_role("heading", level=1).inner_text()

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def keyboard(chromium, live_server):
    people: list[Keyboard] = []

    def open_keyboard() -> Keyboard:
        person = Keyboard(chromium, live_server.url)
        people.append(person)
        return person

    yield open_keyboard
    for person in people:
        person.close()


@pytest.fixture(scope="module")
def keyboard_survey(live_server):
    """A short public survey with the kinds of questions citizens meet most."""
    from inspraak.database import utcnow
    from inspraak.extensions import db
    from tests.builders import builders

    with live_server.app.app_context():
        build = builders()
        # A consultation's questionnaire: it asks for a name and whether it may be published.
        survey = build.survey(status="draft", title="Toetsenbordproef: kweekvlees in de kantine",
                              consultation=build.consultation(status="open"))
        build.question(survey, "single_choice", "Zou u kweekvlees proeven?", options=["Ja", "Nee", "Weet ik niet"],
                       required=True)
        build.question(survey, "likert", "Kweekvlees hoort in de kantine.", required=True)
        build.question(survey, "long_text", "Waarom?", required=True)
        from surveys import builder

        builder.open_survey(survey.owner, survey)
        slug = survey.slug
        db.session.remove()
    return slug


def test_citizen_answers_a_survey_with_the_keyboard_only(keyboard, keyboard_survey):
    citizen = keyboard()
    citizen.open("/")
    # The skip link comes first and is visible when focused.
    first = citizen.tab()
    assert first["name"] == "Naar de inhoud"
    citizen.assert_focus_ring_on_screen()
    # Through the menu to the surveys.
    citizen.tab_to_name("^Enquêtes$", "a")
    citizen.press("Enter", navigates=True)
    assert citizen.heading == "Enquêtes"
    citizen.tab_to_name("Toetsenbordproef", "a")
    citizen.press("Enter", navigates=True)
    citizen.tab_to_name("Enquête invullen", "a")
    citizen.press("Enter", navigates=True)

    # About you: "Burger" (the first choice) with Space, a name typed (published with name),
    # then the questions; Shift+Tab goes back one field and Tab forward again.
    category = citizen.tab_to(lambda s: s["type"] == "radio")
    assert category["name"] == "Burger"
    citizen.press("Space", navigates=False)
    citizen.tab_to(lambda s: s["id"] == "name")
    citizen.page.keyboard.type("Sanne Toetsenbord")
    citizen.fill_required("Opslaan en verder")
    assert "Zou u kweekvlees proeven?" in citizen.page.locator("main").inner_text()
    first_radio = citizen.tab_to(lambda s: s["type"] == "radio")
    citizen.press("Space", navigates=False)
    after = citizen.tab()
    back = citizen.tab(shift=True)
    assert back is not None and back["type"] == "radio" and after != back
    citizen.fill_required("Verzenden|Opslaan en verder")
    while citizen.heading != "Bedankt voor uw reactie":
        assert "Er is een probleem" not in citizen.page.locator("main").inner_text(), citizen.page.url
        citizen.fill_required("Verzenden|Opslaan en verder")
    assert first_radio["name"] == "Ja"
    citizen.leaves_the_page_at_the_end()


@pytest.fixture(scope="module")
def keyboard_ngo(live_server):
    """A representative of an NGO of their own (the demo NGO's registrations belong to the
    roundtable journeys)."""
    from inspraak.accounts.models import OrganisationCategory, Role
    from inspraak.extensions import db
    from tests.builders import builders
    from tests.helpers import PASSWORD

    with live_server.app.app_context():
        builders().user(Role.ORGANISATION, email="toetsenbord@ngo.example", name="Kim Toetsenbord",
                        organisation="Stichting Toetsenbord", category=OrganisationCategory.NGO)
        db.session.remove()
    return "toetsenbord@ngo.example", PASSWORD


def test_ngo_signs_up_for_the_roundtable_with_the_keyboard_only(keyboard, keyboard_ngo):
    email, password = keyboard_ngo
    ngo = keyboard()
    ngo.open("/account/inloggen")
    ngo.tab_to(lambda s: s["type"] == "email")
    ngo.page.keyboard.type(email)
    ngo.tab_to(lambda s: s["type"] == "password")
    ngo.page.keyboard.type(password)
    ngo.tab_to_name("^Inloggen$", "button")
    ngo.press("Enter", navigates=True)
    assert ngo.page.get_by_text("U bent ingelogd.").is_visible()

    ngo.tab_to_name("^Rondetafels$", "a")
    ngo.press("Enter", navigates=True)
    ngo.tab_to_name(re.escape(NGT_TITLE), "a")
    ngo.press("Enter", navigates=True)
    assert ngo.heading == NGT_TITLE
    ngo.tab_to_name("Aanmelden voor deze bijeenkomst", "a")
    ngo.press("Enter", navigates=True)
    ngo.fill_required("^Aanmelden$")  # the motivation and the consent are marked required
    main = ngo.page.locator("main").inner_text()
    assert "Er is een probleem" not in main, main
    assert ngo.page.url.endswith("/rondetafels/mijn-aanmeldingen")
    assert NGT_TITLE in main
    ngo.leaves_the_page_at_the_end()
