import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from learninglab.core.audit import audit_history
from learninglab.core.errors import DomainError
from learninglab.core.models import AuditEntry
from learninglab.factories import ConsentFactory
from learninglab.labs.services.answer import rsvp_record
from learninglab.labs.services.checkin import checkin_record
from learninglab.labs.tests.factories import InvitationFactory
from learninglab.stakeholders import selectors
from learninglab.stakeholders.forms import StakeholderForm
from learninglab.stakeholders.models import (
    Consent,
    Organisation,
    OrganisationType,
    Stakeholder,
)
from learninglab.stakeholders.services.consent import consent_record
from learninglab.stakeholders.services.organisation import (
    NewOrganisation,
    organisation_get_or_create,
    organisation_update,
)
from learninglab.stakeholders.services.stakeholder import (
    StakeholderData,
    stakeholder_create,
    stakeholder_erase,
    stakeholder_find_or_create_by_email,
    stakeholder_merge,
    stakeholder_save,
    stakeholder_touch,
    stakeholder_update,
    stakeholders_purge_inactive,
)


def add(partner, first="Ana", last="Popescu", *, actor=None, **fields):
    return stakeholder_create(
        actor=actor,
        partner=partner,
        data=StakeholderData(first_name=first, last_name=last, **fields),
    )


def organisation(partner, name="Banat IT SRL", type=OrganisationType.SME):
    org, _created = organisation_get_or_create(actor=None, partner=partner, name=name, type=type)
    return org


def data_of(person, **changes):
    values = {
        field: getattr(person, field)
        for field in (
            "first_name",
            "last_name",
            "email",
            "phone",
            "organisation",
            "position",
            "language",
            "notes",
        )
    }
    return StakeholderData(**(values | changes))


def form_for(partner, **fields):
    data = {"first_name": "Ana", "last_name": "Popescu", "language": "ro"} | fields
    form = StakeholderForm(data, partner=partner)
    assert form.is_valid(), form.errors
    return form


def names(people):
    return sorted(p.full_name for p in people)


# Creating


def test_create_stores_the_person_and_audits_it_with_actor_and_values(partner, staff):
    org = organisation(partner)
    person = add(
        partner,
        "Ștefan",
        "Țepeș",
        actor=staff,
        email="stefan@example.ro",
        phone="+40731540977",
        organisation=org,
        tags=["Round 1", "creative industries"],
    )

    person.refresh_from_db()
    assert person.partner == partner
    assert person.organisation == org
    assert sorted(t.name for t in person.tags.all()) == ["Round 1", "creative industries"]
    entry = AuditEntry.objects.get(action="stakeholders.stakeholder.created")
    assert entry.actor == staff
    assert entry.partner_id == partner.pk
    assert entry.object_id == str(person.pk)
    assert entry.object_repr == "Ștefan Țepeș"
    after = entry.changes["after"]
    assert after["first_name"] == "Ștefan"
    assert after["email"] == "stefan@example.ro"
    assert after["phone"] == "+40731540977"
    assert after["organisation"] == org.pk
    assert after["tags"] == ["Round 1", "creative industries"]


def test_the_same_email_typed_differently_is_refused_in_the_same_group(partner, staff):
    add(partner, email="ana@example.ro")
    form = form_for(partner, email="  ANA@Example.RO ", first_name="Ana Maria")

    with pytest.raises(DomainError) as refused:
        stakeholder_create(actor=staff, partner=partner, data=form.stakeholder_data())

    assert refused.value.code == "email_taken"
    assert "ana@example.ro" in str(refused.value)
    assert Stakeholder.objects.filter(partner=partner).count() == 1


def test_the_same_email_is_allowed_in_another_partners_group(partner, other_partner):
    add(partner, email="ana@example.ro")
    form = form_for(other_partner, email="Ana@example.ro")

    person = stakeholder_create(actor=None, partner=other_partner, data=form.stakeholder_data())

    assert person.email == "ana@example.ro"
    assert Stakeholder.objects.filter(email="ana@example.ro").count() == 2


def test_people_without_email_do_not_clash(partner):
    add(partner, "Ana", email="")
    add(partner, "Maria", email="")

    assert Stakeholder.objects.filter(partner=partner, email="").count() == 2


def test_an_organisation_of_another_partner_is_refused(partner, other_partner):
    foreign = organisation(other_partner, "Materahub")

    with pytest.raises(DomainError) as refused:
        add(partner, organisation=foreign)

    assert refused.value.code == "organisation_other_partner"


def test_the_create_page_shows_a_taken_email_on_the_email_field(partner, staff_client):
    from django.urls import reverse

    add(partner, email="ana@example.ro")
    response = staff_client.post(
        reverse("stakeholders:create"),
        {"first_name": "Ana", "last_name": "Pop", "email": " Ana@Example.ro", "language": "ro"},
    )

    assert response.status_code == 200
    assert "already belongs to someone" in " ".join(response.context["form"].errors["email"])
    assert Stakeholder.objects.count() == 1


# Updating


def test_update_audits_only_the_changed_fields(partner, staff):
    person = add(partner, email="ana@example.ro", position="Director")

    changed = stakeholder_update(
        actor=staff, stakeholder=person, data=data_of(person, position="Manager")
    )

    assert changed is True
    person.refresh_from_db()
    assert person.position == "Manager"
    entry = AuditEntry.objects.get(action="stakeholders.stakeholder.updated")
    assert entry.actor == staff
    assert entry.changes == {"before": {"position": "Director"}, "after": {"position": "Manager"}}


def test_update_with_nothing_changed_returns_false_and_writes_no_entry(partner, staff):
    person = add(partner, email="ana@example.ro")
    activity = Stakeholder.objects.get(pk=person.pk).last_activity_at

    changed = stakeholder_update(actor=staff, stakeholder=person, data=data_of(person))

    assert changed is False
    assert not AuditEntry.objects.filter(action="stakeholders.stakeholder.updated").exists()
    assert Stakeholder.objects.get(pk=person.pk).last_activity_at == activity


def test_update_of_tags_is_audited(partner, staff):
    person = add(partner, tags=["Round 1"])

    stakeholder_update(
        actor=staff, stakeholder=person, data=data_of(person, tags=["Round 1", "Round 2"])
    )

    entry = AuditEntry.objects.get(action="stakeholders.stakeholder.updated")
    assert entry.changes["after"] == {"tags": ["Round 1", "Round 2"]}


def test_update_refuses_an_email_of_someone_else_in_the_group(partner, staff):
    add(partner, "Maria", email="maria@example.ro")
    person = add(partner, email="ana@example.ro")

    with pytest.raises(DomainError) as refused:
        stakeholder_update(
            actor=staff, stakeholder=person, data=data_of(person, email="maria@example.ro")
        )

    assert refused.value.code == "email_taken"
    assert Stakeholder.objects.get(pk=person.pk).email == "ana@example.ro"


# Organisations


def test_organisation_get_or_create_matches_names_ignoring_case_and_diacritics(partner):
    first, created = organisation_get_or_create(
        actor=None, partner=partner, name="Asociația  Culturală Timișoara"
    )
    again, created_again = organisation_get_or_create(
        actor=None, partner=partner, name="ASOCIATIA culturala timisoara"
    )
    cedilla, _created = organisation_get_or_create(
        actor=None, partner=partner, name="Asociaţia Culturală Timişoara"
    )

    assert created is True
    assert created_again is False
    assert again == first == cedilla
    assert first.name == "Asociația Culturală Timișoara"
    assert Organisation.objects.filter(partner=partner).count() == 1


def test_organisation_of_the_same_name_in_another_partner_is_a_different_one(
    partner, other_partner
):
    ours = organisation(partner, "Impact Hub")
    theirs = organisation(other_partner, "Impact Hub")

    assert ours != theirs


def test_a_known_organisation_of_type_other_takes_a_more_precise_type(partner):
    org = organisation(partner, "Fabrica de Cultură", type=None)
    assert org.type == OrganisationType.OTHER

    organisation(partner, "fabrica de cultura", type=OrganisationType.CULTURAL)
    organisation(partner, "fabrica de cultura", type=OrganisationType.NGO)

    org.refresh_from_db()
    assert org.type == OrganisationType.CULTURAL


def test_renaming_an_organisation_updates_the_search_of_its_people(partner, staff):
    org = organisation(partner, "Banat IT SRL")
    person = add(partner, "Ana", "Popescu", organisation=org)

    organisation_update(actor=staff, organisation=org, name="Fabrica de Cultură")

    found = selectors.stakeholder_list(staff, selectors.StakeholderFilters(query="fabrica cultura"))
    assert list(found) == [person]
    assert not selectors.stakeholder_list(staff, selectors.StakeholderFilters(query="banat"))


def test_renaming_an_organisation_to_a_taken_name_is_refused(partner, staff):
    organisation(partner, "Impact Hub")
    org = organisation(partner, "Banat IT SRL")

    with pytest.raises(DomainError) as refused:
        organisation_update(actor=staff, organisation=org, name="IMPACT hub")

    assert refused.value.code == "organisation_exists"


# Consent ledger


def consent_state(person, purpose="invitations"):
    annotated = selectors.with_consents(Stakeholder.objects.filter(pk=person.pk)).get()
    return getattr(annotated, f"consent_{purpose}")


def test_a_person_never_asked_has_no_consent(partner):
    assert consent_state(add(partner)) is None


def test_the_newest_consent_entry_per_purpose_decides(partner, staff):
    person = add(partner)
    now = timezone.now()
    consent_record(
        actor=staff,
        stakeholder=person,
        purpose="invitations",
        given=True,
        method="form",
        at=now - datetime.timedelta(days=30),
    )
    consent_record(
        actor=staff,
        stakeholder=person,
        purpose="photos",
        given=True,
        method="form",
        at=now - datetime.timedelta(days=20),
    )
    consent_record(
        actor=staff,
        stakeholder=person,
        purpose="invitations",
        given=False,
        method="unsubscribe",
        at=now - datetime.timedelta(days=10),
    )

    assert consent_state(person, "invitations") is False
    assert consent_state(person, "photos") is True
    assert consent_state(person, "public_listing") is None
    assert Consent.objects.filter(stakeholder=person).count() == 3


def test_an_older_entry_recorded_late_does_not_override_a_newer_one(partner, staff):
    person = add(partner)
    now = timezone.now()
    consent_record(
        actor=staff,
        stakeholder=person,
        purpose="invitations",
        given=False,
        method="email",
        at=now - datetime.timedelta(days=1),
    )
    # A paper form signed a year ago is typed in today.
    consent_record(
        actor=staff,
        stakeholder=person,
        purpose="invitations",
        given=True,
        method="form",
        at=now - datetime.timedelta(days=365),
    )

    assert consent_state(person) is False


def test_recording_a_consent_keeps_who_and_is_audited(partner, staff):
    person = add(partner)

    consent = consent_record(
        actor=staff,
        stakeholder=person,
        purpose="invitations",
        given=True,
        method="form",
        text_version="2019-10 privacy notice",
    )

    assert consent.recorded_by == staff
    entry = AuditEntry.objects.get(action="stakeholders.consent.given")
    assert entry.actor == staff
    assert entry.changes["after"]["text_version"] == "2019-10 privacy notice"


def test_an_unknown_consent_purpose_is_refused(partner, staff):
    with pytest.raises(DomainError) as refused:
        consent_record(
            actor=staff, stakeholder=add(partner), purpose="newsletter", given=True, method="form"
        )

    assert refused.value.code == "consent_invalid"


# Merging


def test_merge_fills_empty_fields_moves_consents_and_tags_and_deletes_the_duplicate(partner, staff):
    org = organisation(partner)
    keep = add(partner, "Ana", "Popescu", email="", tags=["Round 1"], notes="Met at the fair.")
    duplicate = add(
        partner,
        "Ana",
        "Popescu",
        email="ana@example.ro",
        phone="+40731540977",
        organisation=org,
        position="Director",
        tags=["Round 2"],
        notes="Prefers phone calls.",
    )
    ConsentFactory(stakeholder=duplicate, purpose="invitations", given=True)
    duplicate_pk = duplicate.pk

    merged = stakeholder_merge(actor=staff, keep=keep, remove=duplicate)

    assert not Stakeholder.objects.filter(pk=duplicate_pk).exists()
    assert Stakeholder.objects.filter(partner=partner).count() == 1
    merged.refresh_from_db()
    assert merged.email == "ana@example.ro"
    assert merged.phone == "+40731540977"
    assert merged.organisation == org
    assert merged.position == "Director"
    assert "Met at the fair." in merged.notes and "Prefers phone calls." in merged.notes
    assert sorted(t.name for t in merged.tags.all()) == ["Round 1", "Round 2"]
    assert consent_state(merged) is True
    entry = AuditEntry.objects.get(action="stakeholders.stakeholder.merged")
    assert entry.actor == staff
    assert entry.changes["extra"]["merged_id"] == duplicate_pk
    found = selectors.stakeholder_list(staff, selectors.StakeholderFilters(query="director"))
    assert list(found) == [merged]


def test_merge_keeps_the_fields_the_kept_person_already_has(partner, staff):
    keep = add(partner, email="ana@example.ro", position="Director")
    duplicate = add(partner, email="ana.popescu@example.ro", position="Manager")

    merged = stakeholder_merge(actor=staff, keep=keep, remove=duplicate)

    assert merged.email == "ana@example.ro"
    assert merged.position == "Director"


def test_merge_combined_ledger_still_follows_the_newest_entry(partner, staff):
    now = timezone.now()
    keep = add(partner, "Ana")
    duplicate = add(partner, "Ana")
    ConsentFactory(stakeholder=keep, given=True, at=now - datetime.timedelta(days=100))
    ConsentFactory(stakeholder=duplicate, given=False, at=now - datetime.timedelta(days=5))

    merged = stakeholder_merge(actor=staff, keep=keep, remove=duplicate)

    assert consent_state(merged) is False
    assert merged.consents.count() == 2


def test_merge_refuses_people_of_different_partners(partner, other_partner, staff):
    keep = add(partner)
    foreign = add(other_partner)

    with pytest.raises(DomainError) as refused:
        stakeholder_merge(actor=staff, keep=keep, remove=foreign)

    assert refused.value.code == "merge_other_partner"
    assert Stakeholder.objects.filter(pk=foreign.pk).exists()


def test_merge_refuses_the_same_person(partner, staff):
    person = add(partner)

    with pytest.raises(DomainError) as refused:
        stakeholder_merge(actor=staff, keep=person, remove=person)

    assert refused.value.code == "merge_same"
    assert Stakeholder.objects.filter(pk=person.pk).exists()


# Erasing


@pytest.fixture
def erasable(partner, staff):
    org = organisation(partner, "Banat IT SRL", OrganisationType.SME)
    person = add(
        partner,
        "Ștefan",
        "Țepeș",
        actor=staff,
        email="stefan@example.ro",
        phone="+40731540977",
        organisation=org,
        position="Director",
        notes="Allergic to nuts.",
        tags=["Round 1"],
    )
    consent_record(
        actor=staff, stakeholder=person, purpose="invitations", given=True, method="form"
    )
    stakeholder_update(actor=staff, stakeholder=person, data=data_of(person, position="CEO"))
    return person


def test_erase_blanks_personal_fields_and_deletes_consents_and_tags(erasable, staff):
    stakeholder_erase(actor=staff, stakeholder=erasable)

    person = Stakeholder.objects.get(pk=erasable.pk)
    assert person.is_erased
    assert "Ștefan" not in person.full_name and "Țepeș" not in person.full_name
    assert (person.email, person.phone, person.position, person.notes) == ("", "", "", "")
    assert person.search_text == ""
    assert not person.tags.exists()
    assert not Consent.objects.filter(stakeholder_id=person.pk).exists()


def test_erase_redacts_the_audit_entries_about_the_person(erasable, staff):
    stakeholder_erase(actor=staff, stakeholder=erasable)

    history = list(audit_history(erasable))
    assert [e.action for e in history] == [
        "stakeholders.stakeholder.erased",
        "stakeholders.stakeholder.updated",
        "stakeholders.consent.given",
        "stakeholders.stakeholder.created",
    ]
    for entry in history:
        text = f"{entry.object_repr} {entry.changes}"
        for personal in ("Ștefan", "Țepeș", "stefan@example.ro", "731540977", "Director", "CEO"):
            assert personal not in text
    assert history[0].actor == staff


def test_erase_keeps_the_organisation_so_counts_per_type_still_add_up(erasable, partner, staff):
    add(partner, "Maria", organisation=erasable.organisation)

    stakeholder_erase(actor=staff, stakeholder=erasable)

    person = Stakeholder.objects.get(pk=erasable.pk)
    assert person.organisation == erasable.organisation
    org = selectors.organisations_for(staff).get(pk=erasable.organisation_id)
    assert org.people_count == 2
    everyone = selectors.helix_coverage(Stakeholder.objects.filter(partner=partner))
    assert {s.helix: s.count for s in everyone}["industry"] == 2


def test_an_erased_person_is_hidden_from_the_list(erasable, partner, staff):
    add(partner, "Maria", "Ionescu")

    stakeholder_erase(actor=staff, stakeholder=erasable)

    people = selectors.stakeholder_list(staff, selectors.StakeholderFilters())
    assert names(people) == ["Maria Ionescu"]


def test_erase_also_redacts_the_history_of_duplicates_merged_into_the_person(partner, staff):
    keep = add(partner, "Ștefan", "Țepeș")
    duplicate = add(partner, "Stefan", "Tepes", email="stefan@example.ro", actor=staff)
    duplicate_pk = duplicate.pk
    stakeholder_merge(actor=staff, keep=keep, remove=duplicate)

    stakeholder_erase(actor=staff, stakeholder=keep)

    leftovers = AuditEntry.objects.filter(
        object_id__in=[str(keep.pk), str(duplicate_pk)], changes__icontains="stefan"
    )
    assert not [f"{e.action} {e.changes}" for e in leftovers]
    assert not AuditEntry.objects.filter(object_repr__icontains="stefan").exists()


def test_a_second_erase_changes_nothing(erasable, staff):
    stakeholder_erase(actor=staff, stakeholder=erasable)
    erased_at = Stakeholder.objects.get(pk=erasable.pk).erased_at
    entries = AuditEntry.objects.count()

    stakeholder_erase(actor=staff, stakeholder=Stakeholder.objects.get(pk=erasable.pk))

    assert Stakeholder.objects.get(pk=erasable.pk).erased_at == erased_at
    assert AuditEntry.objects.count() == entries


def test_an_erased_person_cannot_be_edited_or_given_consent(erasable, staff):
    stakeholder_erase(actor=staff, stakeholder=erasable)
    person = Stakeholder.objects.get(pk=erasable.pk)

    with pytest.raises(DomainError):
        stakeholder_update(
            actor=staff, stakeholder=person, data=data_of(person, first_name="Ștefan")
        )
    with pytest.raises(DomainError):
        consent_record(
            actor=staff, stakeholder=person, purpose="invitations", given=True, method="form"
        )


# Purging


def months_ago(months, *, days=0):
    return timezone.now() - datetime.timedelta(days=round(months * 30.44) + days)


def inactive_since(person, when):
    Stakeholder.objects.filter(pk=person.pk).update(last_activity_at=when)


@pytest.fixture
def group(partner, other_partner):
    stale = add(partner, "Stale", "Person", email="stale@example.ro")
    inactive_since(stale, months_ago(24, days=5))
    stale_elsewhere = add(other_partner, "Stale", "Elsewhere", email="stale@example.it")
    inactive_since(stale_elsewhere, months_ago(30))
    recent = add(partner, "Recent", "Person")
    inactive_since(recent, months_ago(23))
    consenting = add(partner, "Consenting", "Person")
    inactive_since(consenting, months_ago(30))
    ConsentFactory(stakeholder=consenting, given=True, at=months_ago(2))
    old_consent = add(partner, "Old", "Consent")
    inactive_since(old_consent, months_ago(30))
    ConsentFactory(stakeholder=old_consent, given=True, at=months_ago(25))
    return {
        "stale": stale,
        "stale_elsewhere": stale_elsewhere,
        "recent": recent,
        "consenting": consenting,
        "old_consent": old_consent,
    }


def erased_names():
    return names(Stakeholder.objects.filter(erased_at__isnull=False).order_by())


def test_purge_erases_people_inactive_for_more_than_n_months(group):
    count = stakeholders_purge_inactive(months=24)

    assert count == 3
    for key in ("stale", "stale_elsewhere", "old_consent"):
        assert Stakeholder.objects.get(pk=group[key].pk).is_erased, key
    for key in ("recent", "consenting"):
        assert not Stakeholder.objects.get(pk=group[key].pk).is_erased, key


def test_purge_keeps_people_who_answered_an_invitation_recently(group, partner):
    stale = group["stale"]
    for person, answered in ((stale, months_ago(1)), (group["old_consent"], months_ago(25))):
        rsvp_record(
            invitation=InvitationFactory(lab__partner=partner, stakeholder=person),
            answer="decline",
            via="phone",
            now=answered,
            notify=False,
        )

    assert stakeholders_purge_inactive(months=24) == 2
    assert not Stakeholder.objects.get(pk=stale.pk).is_erased
    assert Stakeholder.objects.get(pk=group["old_consent"].pk).is_erased


def test_purge_keeps_people_checked_in_at_a_lab_recently(group, partner):
    invitation = InvitationFactory(lab__partner=partner, stakeholder=group["stale"])
    checkin_record(actor=None, invitation=invitation, now=months_ago(1), confirmed_early=True)

    assert stakeholders_purge_inactive(months=24) == 2
    assert not Stakeholder.objects.get(pk=group["stale"].pk).is_erased


def test_purge_is_audited_as_the_system(group):
    stakeholders_purge_inactive(months=24)

    entries = AuditEntry.objects.filter(action="stakeholders.stakeholder.erased")
    assert entries.count() == 3
    assert {(e.actor, e.via) for e in entries} == {(None, "system")}


def test_purge_dry_run_erases_nobody(group):
    count = stakeholders_purge_inactive(months=24, dry_run=True)

    assert count == 3
    assert erased_names() == []


def test_purge_with_zero_months_erases_nobody(group):
    assert stakeholders_purge_inactive(months=0) == 0
    assert erased_names() == []


def test_purge_does_not_count_people_already_erased(group):
    stakeholders_purge_inactive(months=24)

    assert stakeholders_purge_inactive(months=24) == 0


# Saving from the form: the organisation typed in and the person, together


def test_saving_a_new_person_with_a_new_organisation_adds_both(partner, staff):
    person = stakeholder_save(
        actor=staff,
        partner=partner,
        data=StakeholderData(first_name="Ana", last_name="Popescu", email="ana@example.ro"),
        new_organisation=NewOrganisation(name="Casa  Artelor", type=OrganisationType.CULTURAL),
    )

    assert person.organisation.name == "Casa Artelor"
    assert person.organisation.type == OrganisationType.CULTURAL
    actions = sorted(AuditEntry.objects.values_list("action", flat=True))
    assert actions == ["stakeholders.organisation.created", "stakeholders.stakeholder.created"]


def test_a_refused_person_leaves_no_new_organisation_behind(partner, staff):
    add(partner, email="ana@example.ro")
    entries = AuditEntry.objects.count()

    with pytest.raises(DomainError) as refused:
        stakeholder_save(
            actor=staff,
            partner=partner,
            data=StakeholderData(first_name="Ana", last_name="Pop", email="ana@example.ro"),
            new_organisation=NewOrganisation(name="Casa Artelor"),
        )

    assert refused.value.code == "email_taken"
    assert not Organisation.objects.filter(name="Casa Artelor").exists()
    assert AuditEntry.objects.count() == entries


def test_saving_an_existing_person_changes_them_and_audits_once(partner, staff):
    person = add(partner, email="ana@example.ro")
    entries = AuditEntry.objects.count()

    saved = stakeholder_save(
        actor=staff,
        partner=partner,
        stakeholder=person,
        data=data_of(person, position="Director"),
    )

    assert saved.position == "Director"
    assert AuditEntry.objects.count() == entries + 1


def test_the_create_page_adds_the_new_organisation_with_the_person(partner, staff_client):
    response = staff_client.post(
        reverse("stakeholders:create"),
        {
            "first_name": "Ana",
            "last_name": "Popescu",
            "email": "ana@example.ro",
            "language": "ro",
            "new_organisation": "Casa Artelor",
            "new_organisation_type": OrganisationType.CULTURAL,
        },
    )

    assert response.status_code == 302
    person = Stakeholder.objects.get(email="ana@example.ro")
    assert person.organisation.name == "Casa Artelor"


# Finding a person by e-mail, or adding them


def test_find_or_create_returns_the_person_with_that_e_mail_untouched(partner):
    known = add(partner, email="ana@example.ro", position="Director")

    found, created = stakeholder_find_or_create_by_email(
        actor=None,
        partner=partner,
        data=StakeholderData(first_name="A.", last_name="P.", email=" ANA@example.ro"),
        new_organisation=NewOrganisation(name="Casa Artelor"),
    )

    assert (found, created) == (known, False)
    found.refresh_from_db()
    assert (found.first_name, found.position) == ("Ana", "Director")
    assert not Organisation.objects.exists()


def test_find_or_create_adds_a_person_not_found(partner, other_partner):
    add(other_partner, email="ana@example.ro")

    person, created = stakeholder_find_or_create_by_email(
        actor=None,
        partner=partner,
        data=StakeholderData(first_name="Ana", last_name="Popescu", email="ana@example.ro"),
        new_organisation=NewOrganisation(name="Casa Artelor"),
    )

    assert created
    assert person.partner == partner
    assert person.organisation.name == "Casa Artelor"


def test_touching_a_person_sets_their_last_activity(partner):
    person = add(partner)
    inactive_since(person, months_ago(30))

    answered = months_ago(1)

    stakeholder_touch(stakeholder_id=person.pk, at=answered)

    person.refresh_from_db()
    assert person.last_activity_at == answered


def test_touching_a_person_never_moves_their_activity_back(partner):
    person = add(partner)
    answered = months_ago(1)
    inactive_since(person, answered)

    stakeholder_touch(stakeholder_id=person.pk, at=months_ago(3))

    person.refresh_from_db()
    assert person.last_activity_at == answered
