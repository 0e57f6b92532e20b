"""The policy officers' pages: create and edit events, participants and waitlists per
category, selection, attendance by code, the participant export and the summary."""
from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, send_file, stream_with_context, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from inspraak.consultations import services as consultation_services
from inspraak.exports import csv_lines, xlsx_tempfile
from inspraak.forms import EmptyForm, domain_errors
from inspraak.roundtables import services, signup
from inspraak.roundtables.forms import AttendanceForm, RoundtableForm, SummaryForm
from inspraak.roundtables.models import ParticipantCategory, Roundtable, RoundtableKind, RoundtableMode
from inspraak.roundtables.permissions import (
    can_create_roundtable, can_edit_roundtable, can_export_participants, can_view_participants,
)
from inspraak.roundtables.views import bp, load_roundtable
from inspraak.web import acting_user


def _load_for(check, roundtable_id: int) -> Roundtable:
    roundtable = load_roundtable(roundtable_id)
    if not check(current_user, roundtable):
        abort(403)
    return roundtable


@bp.get("/beheer")
@login_required
def manage_roundtables():
    if not can_create_roundtable(current_user):
        abort(403)
    return render_template("roundtables/manage.html", roundtables=services.managed_roundtables(current_user))


def _form(**kwargs) -> RoundtableForm:
    form = RoundtableForm(**kwargs)
    form.consultation.choices = [SelectChoice("", _("Geen consultatie"))] + [
        SelectChoice(c.slug, c.title) for c in consultation_services.consultations_visible_to(current_user, per_page=100).items]
    form.topic.choices = [SelectChoice("", _("Kies een onderwerp"))] + [
        SelectChoice(t.slug, t.name) for t in consultation_services.topics()]
    return form


def _fields(form: RoundtableForm) -> services.RoundtableFields:
    consultation = consultation_services.consultation_by_slug(form.consultation.data) if form.consultation.data else None
    topic = consultation_services.topic_by_slug(form.topic.data) if form.topic.data else None
    return services.RoundtableFields(
        kind=RoundtableKind(form.kind.data), mode=RoundtableMode(form.mode.data), title=form.title.data,
        description_markdown=form.description.data or "", agenda_markdown=form.agenda.data or "",
        consultation=consultation, topic=topic, starts_at=form.starts_at.data, ends_at=form.ends_at.data,
        place=form.place.data, online_url=form.online_url.data, signup_opens_at=form.signup_opens_at.data,
        signup_closes_at=form.signup_closes_at.data, max_per_organisation=form.max_per_organisation.data,
        seats={c: getattr(form, f"seats_{c.value}").data for c in ParticipantCategory})


@bp.route("/nieuw", methods=["GET", "POST"])
@login_required
def create_roundtable():
    if not can_create_roundtable(current_user):
        abort(403)
    form = _form()
    if form.validate_on_submit():
        with domain_errors(form) as outcome:
            roundtable = services.create_roundtable(acting_user(), _fields(form))
        if outcome.ok:
            flash(_("De bijeenkomst is opgeslagen. Publiceer haar zodra alles klopt."), "success")
            return redirect(url_for("roundtables.edit_roundtable", roundtable_id=roundtable.id))
    return render_template("roundtables/form.html", form=form, roundtable=None)


@bp.route("/<int:roundtable_id>/bewerken", methods=["GET", "POST"])
@login_required
def edit_roundtable(roundtable_id: int):
    roundtable = _load_for(can_edit_roundtable, roundtable_id)
    form = _form() if request.method == "POST" else _form(formdata=None, data=_data_of(roundtable))
    if form.validate_on_submit():
        with domain_errors(form) as outcome:
            services.update_roundtable(acting_user(), roundtable, _fields(form))
        if outcome.ok:
            flash(_("De wijzigingen zijn opgeslagen."), "success")
            return redirect(url_for("roundtables.edit_roundtable", roundtable_id=roundtable_id))
    return render_template("roundtables/form.html", form=form, roundtable=roundtable, empty_form=EmptyForm())


def _data_of(roundtable: Roundtable) -> dict:
    data = {
        "title": roundtable.title, "kind": roundtable.kind, "mode": roundtable.mode,
        "consultation": roundtable.consultation.slug if roundtable.consultation else "",
        "topic": roundtable.topic.slug if roundtable.topic else "", "description": roundtable.description_markdown,
        "agenda": roundtable.agenda_markdown, "starts_at": roundtable.starts_at, "ends_at": roundtable.ends_at,
        "place": roundtable.place, "online_url": roundtable.online_url, "signup_opens_at": roundtable.signup_opens_at,
        "signup_closes_at": roundtable.signup_closes_at, "max_per_organisation": roundtable.max_per_organisation,
    }
    for category in ParticipantCategory:
        seat = roundtable.seat_for(category)
        data[f"seats_{category.value}"] = seat.seats if seat else 0
    return data


@bp.post("/<int:roundtable_id>/publiceren")
@login_required
def publish_roundtable(roundtable_id: int):
    roundtable = _load_for(can_edit_roundtable, roundtable_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    with domain_errors() as outcome:
        services.publish_roundtable(acting_user(), roundtable)
    if outcome.ok:
        flash(_("De bijeenkomst is gepubliceerd."), "success")
    return redirect(url_for("roundtables.edit_roundtable", roundtable_id=roundtable_id))


@bp.get("/<int:roundtable_id>/deelnemers")
@login_required
def list_participants(roundtable_id: int):
    roundtable = _load_for(can_view_participants, roundtable_id)
    return _participants_page(roundtable, AttendanceForm())


def _participants_page(roundtable: Roundtable, attendance_form: AttendanceForm, status: int = 200):
    closing_plan = signup.closing_plan(roundtable) if roundtable.is_selection and not roundtable.selection_closed_at else []
    return render_template("roundtables/participants.html", roundtable=roundtable, counts=services.counts(roundtable),
                           grouped=services.registrations_by_category(roundtable), empty_form=EmptyForm(),
                           attendance_form=attendance_form, closing_plan=closing_plan), status


@bp.post("/<int:roundtable_id>/deelnemers/<int:registration_id>/selecteren")
@login_required
def select_participant(roundtable_id: int, registration_id: int):
    roundtable = _load_for(can_edit_roundtable, roundtable_id)
    registration = services.registration_by_id(registration_id)
    if registration is None or registration.roundtable_id != roundtable.id:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    with domain_errors() as outcome:
        signup.select_participant(acting_user(), registration)
    if outcome.ok:
        flash(_("%(name)s is geselecteerd en krijgt een bevestiging.", name=registration.user.name), "success")
    return redirect(url_for("roundtables.list_participants", roundtable_id=roundtable_id))


@bp.post("/<int:roundtable_id>/deelnemers/<int:registration_id>/afwijzen")
@login_required
def reject_application(roundtable_id: int, registration_id: int):
    roundtable = _load_for(can_edit_roundtable, roundtable_id)
    registration = services.registration_by_id(registration_id)
    if registration is None or registration.roundtable_id != roundtable.id:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    name = registration.user.name
    with domain_errors() as outcome:
        signup.reject_application(acting_user(), registration)
    if outcome.ok:
        flash(_("%(name)s is afgewezen en krijgt een vriendelijk bericht.", name=name), "success")
    return redirect(url_for("roundtables.list_participants", roundtable_id=roundtable_id))


@bp.post("/<int:roundtable_id>/selectie-afronden")
@login_required
def close_selection(roundtable_id: int):
    roundtable = _load_for(can_edit_roundtable, roundtable_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    with domain_errors() as outcome:
        closed = signup.close_selection(acting_user(), roundtable)
    if outcome.ok and closed.declined:
        flash(_("De selectie is afgerond. De bijeenkomst was al begonnen, dus er worden geen plaatsen meer "
                "toegekend: %(count)d aanmelder(s) kregen bericht dat er geen plaats is.",
                count=len(closed.declined)), "success")
    elif outcome.ok:
        flash(_("De selectie is afgerond. %(seated)d aanmelder(s) kregen een vrije plaats; %(reserves)d staan nu als "
                "reserve op de wachtlijst. Iedereen heeft bericht gekregen.",
                seated=len(closed.seated), reserves=len(closed.reserves)), "success")
    return redirect(url_for("roundtables.list_participants", roundtable_id=roundtable_id))


@bp.post("/<int:roundtable_id>/aanwezigheid")
@login_required
def mark_attendance(roundtable_id: int):
    roundtable = _load_for(can_edit_roundtable, roundtable_id)
    form = AttendanceForm()
    if form.validate_on_submit():
        with domain_errors(form) as outcome:
            registration = services.mark_attendance(acting_user(), roundtable, form.code.data)
        if outcome.ok:
            flash(_("%(name)s is aanwezig gemeld.", name=registration.user.name), "success")
            return redirect(url_for("roundtables.list_participants", roundtable_id=roundtable_id))
    return _participants_page(roundtable, form, 400)


@bp.get("/<int:roundtable_id>/deelnemers.<fmt>")
@login_required
def export_participants(roundtable_id: int, fmt: str):
    roundtable = _load_for(can_export_participants, roundtable_id)
    name = f"deelnemers-{roundtable.id}"
    if fmt == "csv":
        response = Response(stream_with_context(csv_lines(services.EXPORT_HEADER, services.participant_rows(roundtable))),
                            mimetype="text/csv")
        response.headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    elif fmt == "xlsx":
        handle = xlsx_tempfile([(_("Deelnemers"), services.EXPORT_HEADER, services.participant_rows(roundtable))])
        response = send_file(handle, as_attachment=True, download_name=f"{name}.xlsx",
                             mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    else:
        abort(404)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/<int:roundtable_id>/verslag", methods=["GET", "POST"])
@login_required
def publish_summary(roundtable_id: int):
    roundtable = _load_for(can_edit_roundtable, roundtable_id)
    form = SummaryForm() if request.method == "POST" else SummaryForm(
        formdata=None, data={"minutes": roundtable.minutes_markdown or "", "key_points": roundtable.key_points_markdown or ""})
    if form.validate_on_submit():
        with domain_errors(form) as outcome:
            services.publish_summary(acting_user(), roundtable, form.minutes.data, form.key_points.data or "")
        if outcome.ok:
            flash(_("Het verslag is gepubliceerd."), "success")
            return redirect(url_for("roundtables.show_roundtable", roundtable_id=roundtable_id))
    return render_template("roundtables/summary_form.html", roundtable=roundtable, form=form)
