"""The webhook pages: subscriptions, their delivery log, resending and test events."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from learninglab.core.errors import DomainError
from learninglab.core.forms import posted
from learninglab.core.permissions import permission_required
from learninglab.webhooks.forms import SubscriptionForm
from learninglab.webhooks.models import Subscription
from learninglab.webhooks.selectors import (
    DELIVERY_PERMISSION,
    PERMISSION,
    deliveries_of,
    delivery_get,
    may_subscribe_to_all,
    subscription_get,
    subscription_partners,
    subscriptions_for,
)
from learninglab.webhooks.services import (
    delivery_resend,
    subscription_create,
    subscription_delete,
    subscription_ping,
    subscription_secret_rotate,
    subscription_update,
)
from learninglab.webhooks.signing import TOLERANCE_SECONDS

PAGE_SIZE = 50
# The secret is shown once, on the page the browser is sent to after it was made.
_SESSION_KEY = "webhooks.shown"


def _show_secret_once(request: HttpRequest, subscription: Subscription) -> None:
    request.session[_SESSION_KEY] = {"pk": subscription.pk, "secret": subscription.secret}


def _form(request: HttpRequest, subscription: Subscription | None = None) -> SubscriptionForm:
    return SubscriptionForm(
        posted(request),
        partners=subscription_partners(request.user),
        all_partners=may_subscribe_to_all(request.user),
        subscription=subscription,
    )


def _refused(form: SubscriptionForm, error: DomainError) -> None:
    field = error.params.get("field")
    form.add_error(field if field in form.fields else None, str(error))


@permission_required(PERMISSION)
def subscription_list_view(request: HttpRequest) -> HttpResponse:
    context = {"subscriptions": subscriptions_for(request.user)}
    return render(request, "webhooks/list.html", context)


@permission_required(PERMISSION)
def subscription_create_view(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        partner = form.cleaned_data.get("partner") if "partner" in form.fields else None
        if "partner" not in form.fields:
            partner = subscription_partners(request.user).first()
        try:
            subscription = subscription_create(actor=request.user, partner=partner, **values)
        except DomainError as error:
            _refused(form, error)
        else:
            _show_secret_once(request, subscription)
            messages.success(request, _("The webhook was added."))
            return redirect("webhooks:detail", pk=subscription.pk)
    return render(request, "webhooks/form.html", {"form": form, "subscription": None})


@permission_required(PERMISSION)
def subscription_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    subscription = subscription_get(request.user, pk)
    shown = request.session.pop(_SESSION_KEY, None)
    secret = shown["secret"] if shown and shown.get("pk") == subscription.pk else None
    context = {
        "subscription": subscription,
        "secret": secret,
        "tolerance_minutes": TOLERANCE_SECONDS // 60,
        "page": Paginator(deliveries_of(subscription), PAGE_SIZE).get_page(request.GET.get("page")),
    }
    return render(request, "webhooks/detail.html", context)


@permission_required(PERMISSION)
def subscription_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    subscription = subscription_get(request.user, pk)
    form = _form(request, subscription)
    if request.method == "POST" and form.is_valid():
        try:
            subscription_update(actor=request.user, subscription=subscription, **form.values())
        except DomainError as error:
            _refused(form, error)
        else:
            messages.success(request, _("The webhook was saved."))
            return redirect("webhooks:detail", pk=subscription.pk)
    return render(request, "webhooks/form.html", {"form": form, "subscription": subscription})


@require_POST
@permission_required(PERMISSION)
def subscription_rotate_view(request: HttpRequest, pk: int) -> HttpResponse:
    subscription = subscription_secret_rotate(
        actor=request.user, subscription=subscription_get(request.user, pk)
    )
    _show_secret_once(request, subscription)
    messages.success(request, _("The webhook has a new secret: deliveries are signed with it."))
    return redirect("webhooks:detail", pk=subscription.pk)


@require_POST
@permission_required(PERMISSION)
def subscription_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    subscription_delete(actor=request.user, subscription=subscription_get(request.user, pk))
    messages.success(request, _("The webhook was deleted with its delivery log."))
    return redirect("webhooks:list")


@require_POST
@permission_required(PERMISSION)
def subscription_test_view(request: HttpRequest, pk: int) -> HttpResponse:
    subscription = subscription_get(request.user, pk)
    subscription_ping(actor=request.user, subscription=subscription)
    messages.success(
        request, _("A test event is queued: it appears in the log below once it was sent.")
    )
    return redirect("webhooks:detail", pk=subscription.pk)


@require_POST
@permission_required(DELIVERY_PERMISSION)
def delivery_resend_view(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = delivery_get(request.user, pk)
    try:
        delivery_resend(actor=request.user, delivery=delivery)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The event is queued to be sent again."))
    return redirect("webhooks:detail", pk=delivery.subscription_id)
