"""What the API shows of each object, and what it takes in.

Texts written in several languages (``core.multilingual``) are objects of language code
to text: ``{"ro": "…", "en": "…"}``. Times are ISO 8601 in UTC.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework import serializers

from learninglab.actionplans.models import Action, ActionPlan, ActionStatus, Milestone
from learninglab.cocreation.models import Idea
from learninglab.labs.models import Invitation, Lab, LabKind, LabStatus, Response
from learninglab.practices.models import GoodPractice, Topic
from learninglab.stakeholders.models import Organisation, OrganisationType, Stakeholder


class Texts(serializers.DictField):
    """A text in several languages, by language code."""

    child = serializers.CharField()

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        super().__init__(child=serializers.CharField(), **kwargs)

    def to_representation(self, value: Any) -> dict[str, str]:
        return dict(value or {})


# -- labs, invitations, check-ins, ideas ------------------------------------------------


class LabSerializer(serializers.ModelSerializer):
    partner = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    theme = Texts()
    description = Texts()

    class Meta:
        model = Lab
        fields = [
            "slug",
            "partner",
            "kind",
            "round_number",
            "status",
            "theme",
            "description",
            "starts_at",
            "ends_at",
            "time_zone",
            "venue_name",
            "venue_address",
            "online_url",
            "capacity",
            "seats_taken",
            "rsvp_deadline",
            "published_at",
            "updated_at",
        ]


class LabFilters(serializers.Serializer):
    status = serializers.ChoiceField(choices=LabStatus.choices, required=False)
    kind = serializers.ChoiceField(choices=LabKind.choices, required=False)
    partner = serializers.SlugField(required=False, help_text="A partner's short name.")
    starts_after = serializers.DateTimeField(required=False)
    updated_since = serializers.DateTimeField(required=False)


class PersonInListSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name", default=None)

    class Meta:
        model = Stakeholder
        fields = ["id", "first_name", "last_name", "organisation"]


class InvitationSerializer(serializers.ModelSerializer):
    stakeholder = PersonInListSerializer(read_only=True)
    delivery = serializers.CharField(
        source="message.state", default=None, help_text="The invitation e-mail's state."
    )

    class Meta:
        model = Invitation
        fields = [
            "id",
            "stakeholder",
            "language",
            "response",
            "response_note",
            "response_via",
            "responded_at",
            "delivery",
            "created_at",
        ]


class InvitationFilters(serializers.Serializer):
    response = serializers.ChoiceField(choices=Response.choices, required=False)
    q = serializers.CharField(required=False, max_length=100, help_text="Words of the name.")


class CheckInSerializer(serializers.ModelSerializer):
    """Someone expected at the door, and when they arrived (null: not yet)."""

    stakeholder = PersonInListSerializer(read_only=True)
    checked_in_at = serializers.DateTimeField(source="checkin.checked_in_at", default=None)
    is_walk_in = serializers.BooleanField(source="checkin.is_walk_in", default=False)

    class Meta:
        model = Invitation
        fields = ["id", "stakeholder", "name_at_door", "checked_in_at", "is_walk_in"]


class CheckInFilters(serializers.Serializer):
    q = serializers.CharField(required=False, max_length=100, help_text="Words of the name.")
    arrived = serializers.BooleanField(required=False, default=None, allow_null=True)


class IdeaSerializer(serializers.ModelSerializer):
    prompt = Texts(source="prompt.text")
    theme = serializers.CharField(source="theme.name", default=None)
    votes = serializers.IntegerField(source="vote_count")

    class Meta:
        model = Idea
        fields = ["id", "prompt", "text", "theme", "votes", "created_at"]


# -- stakeholders -----------------------------------------------------------------------


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "type"]


class StakeholderSerializer(serializers.ModelSerializer):
    partner = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    email = serializers.CharField(read_only=True, help_text="Empty when not known.")
    organisation = OrganisationSerializer(read_only=True)
    tags = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    consent_invitations = serializers.BooleanField(
        source="invitation_consent",
        allow_null=True,
        help_text="The latest consent to invitations: true, false (withdrawn), null (never asked).",
    )

    class Meta:
        model = Stakeholder
        fields = [
            "id",
            "partner",
            "first_name",
            "last_name",
            "email",
            "phone",
            "organisation",
            "position",
            "language",
            "tags",
            "consent_invitations",
            "last_activity_at",
            "created_at",
            "updated_at",
        ]


class StakeholderDetailSerializer(StakeholderSerializer):
    class Meta(StakeholderSerializer.Meta):
        fields = [*StakeholderSerializer.Meta.fields, "notes"]


class StakeholderWriteSerializer(serializers.Serializer):
    """A person to add, or the fields to change (a PATCH leaves the others as they are).

    The values are checked and tidied as the person form checks them: names' spaces, the
    e-mail in lower case, the phone in E.164 read in the partner's country.
    """

    partner = serializers.SlugField(
        required=False,
        help_text="The group to add the person to; by default the caller's partner's.",
    )
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    email = serializers.CharField(max_length=254, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    organisation = serializers.IntegerField(
        required=False, allow_null=True, help_text="The id of an organisation of the group."
    )
    new_organisation = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        help_text="The name of an organisation to add to the group (or find by that name).",
    )
    new_organisation_type = serializers.ChoiceField(
        choices=OrganisationType.choices, required=False, allow_blank=True
    )
    position = serializers.CharField(max_length=150, required=False, allow_blank=True)
    language = serializers.ChoiceField(choices=settings.STAKEHOLDER_LANGUAGES, required=False)
    tags = serializers.ListField(
        child=serializers.CharField(max_length=60), required=False, max_length=50
    )
    notes = serializers.CharField(required=False, allow_blank=True)


class StakeholderFilters(serializers.Serializer):
    q = serializers.CharField(
        required=False, max_length=100, help_text="Words of the name, e-mail or organisation."
    )
    partner = serializers.SlugField(required=False, help_text="A partner's short name.")
    organisation_type = serializers.ChoiceField(choices=OrganisationType.choices, required=False)
    tag = serializers.CharField(required=False, max_length=60)
    consent = serializers.ChoiceField(
        choices=[("yes", "yes"), ("no", "no"), ("unknown", "unknown")], required=False
    )
    updated_since = serializers.DateTimeField(required=False)


# -- good practices (public) ------------------------------------------------------------


class PracticeSerializer(serializers.ModelSerializer):
    partner = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    title = Texts()
    institution = Texts()
    summary = Texts()
    topics = serializers.SlugRelatedField(slug_field="topic", many=True, read_only=True)

    class Meta:
        model = GoodPractice
        fields = [
            "slug",
            "partner",
            "title",
            "institution",
            "summary",
            "country",
            "region",
            "city",
            "latitude",
            "longitude",
            "topics",
            "keywords",
            "progress",
            "started_on",
            "ended_on",
            "published_at",
            "updated_at",
        ]


class PracticeDetailSerializer(PracticeSerializer):
    problem = Texts()
    activities = Texts()
    stakeholders = Texts()
    resources = Texts()
    evidence = Texts()
    difficulties = Texts()
    transfer_potential = Texts()

    class Meta(PracticeSerializer.Meta):
        fields = [
            *PracticeSerializer.Meta.fields,
            "problem",
            "activities",
            "stakeholders",
            "resources",
            "budget_eur",
            "evidence",
            "difficulties",
            "transfer_potential",
            "links",
        ]


class PracticeFilters(serializers.Serializer):
    partner = serializers.SlugField(required=False, help_text="A partner's short name.")
    country = serializers.CharField(required=False, min_length=2, max_length=2)
    topic = serializers.ChoiceField(choices=Topic.choices, required=False)
    updated_since = serializers.DateTimeField(required=False)


# -- action plans (public) ----------------------------------------------------------------


class PlanSerializer(serializers.Serializer):
    """A public action plan and its progress: the mean of its actions', in percent."""

    slug = serializers.SlugField(source="plan.slug")
    partner = serializers.SlugField(source="plan.partner.slug")
    instrument = serializers.CharField(source="plan.instrument.name")
    title = Texts(source="plan.title")
    language = serializers.CharField(source="plan.language")
    status = serializers.CharField(source="plan.status")
    progress = serializers.IntegerField(allow_null=True)
    actions = serializers.IntegerField(help_text="How many actions the plan has.")
    last_updated = serializers.DateTimeField(allow_null=True)


class MilestoneSerializer(serializers.ModelSerializer):
    title = Texts()

    class Meta:
        model = Milestone
        fields = ["title", "due_on", "done_on"]


class ActionSerializer(serializers.ModelSerializer):
    title = Texts()
    description = Texts()
    milestones = MilestoneSerializer(many=True, read_only=True)
    status = serializers.ChoiceField(choices=ActionStatus.choices)

    class Meta:
        model = Action
        fields = [
            "position",
            "title",
            "description",
            "status",
            "progress",
            "starts_on",
            "ends_on",
            "is_pilot",
            "milestones",
        ]


class PlanDetailSerializer(serializers.ModelSerializer):
    partner = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    instrument = serializers.CharField(source="instrument.name")
    title = Texts()
    summary = Texts()
    progress = serializers.IntegerField(allow_null=True)
    actions = ActionSerializer(many=True, source="monitored_actions")

    class Meta:
        model = ActionPlan
        fields = [
            "slug",
            "partner",
            "instrument",
            "title",
            "summary",
            "language",
            "status",
            "country",
            "region",
            "endorsed_on",
            "progress",
            "actions",
        ]


# -- indicators ---------------------------------------------------------------------------


class IndicatorSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    unit = serializers.ChoiceField(choices=["count", "percent", "eur"])


class TallySerializer(serializers.Serializer):
    partner = serializers.SlugField(source="slug", allow_blank=True)
    name = serializers.CharField()
    values = serializers.DictField(
        child=serializers.FloatField(allow_null=True), help_text="Each indicator's figure, by key."
    )


class IndicatorsSerializer(serializers.Serializer):
    project = serializers.CharField(source="project.acronym")
    period = serializers.CharField(allow_null=True)
    indicators = IndicatorSerializer(many=True)
    partners = TallySerializer(many=True)
    total = TallySerializer()


class IndicatorFilters(serializers.Serializer):
    project = serializers.CharField(
        required=False, help_text="The project's acronym; by default the caller's newest."
    )
    period = serializers.RegexField(
        r"^\d{4}-S[12]$", required=False, help_text="A reporting period, e.g. 2021-S1."
    )
