"""Shopping at suppliers: the list of suppliers, the start of a punch-out (or of an edit or
inspect of a cart), and the return URL the supplier's page posts the cart to.

The return view is reached by a cross-site POST without our session cookie or a CSRF token:
the one-time token in the URL authenticates it, and a 303 sends the browser on to the cart's
page, where the normal login applies.
"""

from collections.abc import Mapping
from urllib.parse import parse_qsl

from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from punchout.cxml.cart import CART_LINES_MAX
from punchout.models import Cart, CartStatus, SessionOperation, Supplier
from punchout.services import carts
from punchout.services.sessions import SessionFailed, session_start

SHOP_PERMISSION = "punchout.shop_supplier"
# OCI sends some twenty fields a line; Django's own limit (1,000) would stop at ~50 lines.
FORM_FIELDS_MAX = CART_LINES_MAX * 40


def _shopper(view):
    return login_required(permission_required(SHOP_PERMISSION, raise_exception=True)(view))


@require_GET
@_shopper
def shop(request: HttpRequest) -> HttpResponse:
    suppliers = Supplier.objects.exclude(setup_url="").order_by("name")
    return TemplateResponse(request, "punchout/shop.html", {
        **admin.site.each_context(request), "title": _("Shop at a supplier"),
        "suppliers": suppliers})


@require_POST
@never_cache
@_shopper
def start(request: HttpRequest, code: str) -> HttpResponse:
    return _punch_out(request, supplier=get_object_or_404(Supplier, code=code))


@require_POST
@never_cache
@_shopper
def cart_punchout(request: HttpRequest, cart_id: int, operation: str) -> HttpResponse:
    """Reopen the requisitioner's own cart at its supplier, to edit or to look at it."""
    if operation not in (SessionOperation.EDIT, SessionOperation.INSPECT):
        raise Http404
    cart = get_object_or_404(Cart.objects.select_related("supplier"), pk=cart_id,
                             requisitioner=request.user)
    return _punch_out(request, supplier=cart.supplier, operation=operation, cart=cart)


def _punch_out(request: HttpRequest, *, supplier: Supplier, operation: str = "create",
               cart: Cart | None = None) -> HttpResponse:
    try:
        started = session_start(
            supplier=supplier, user=request.user, operation=operation, cart=cart,
            return_url_for=lambda token: request.build_absolute_uri(
                reverse("punchout:return", args=[token])))
    except SessionFailed as failure:
        messages.error(request, str(failure))
        return redirect("admin:punchout_cart_change", cart.pk) if cart else redirect(
            "punchout:shop")
    if started.form_fields:
        # OCI: the browser posts the login and HOOK_URL to the catalog itself.
        return TemplateResponse(request, "punchout/oci_form.html", {
            **admin.site.each_context(request), "title": _("Opening %(supplier)s")
            % {"supplier": supplier}, "supplier": supplier, "action": started.url,
            "fields": started.form_fields})
    return HttpResponseRedirect(started.url)


@csrf_exempt
@require_POST
def cart_return(request: HttpRequest, token: str) -> HttpResponse:
    try:
        body = request.body
        cart = carts.cart_return(token=token, fields=_form_fields(request, body), body=body,
                                 content_type=request.META.get("CONTENT_TYPE", ""),
                                 remote_addr=request.META.get("REMOTE_ADDR") or None)
    except RequestDataTooBig:
        return _return_refused(request, _("The cart is larger than we accept, so it was not "
                                          "taken. Send fewer lines at a time."), status=413)
    except carts.CartReturnRefused as refused:
        return _return_refused(request, str(refused), status=refused.status_code)
    if cart.status == CartStatus.RETURNED:
        messages.success(request, _(
            "Your cart from %(supplier)s is back: %(total)s %(currency)s. Check it, then submit "
            "it for approval.") % {"supplier": cart.supplier, "total": cart.total,
                                   "currency": cart.currency})
    elif cart.status == CartStatus.CANCELLED:
        messages.info(request, _("The cart came back empty from %(supplier)s and is cancelled.")
                      % {"supplier": cart.supplier})
    response = HttpResponseRedirect(reverse("admin:punchout_cart_change", args=[cart.pk]))
    response.status_code = 303  # See Other: the browser follows with a GET
    return response


def _form_fields(request: HttpRequest, body: bytes) -> Mapping[str, str]:
    """The posted fields, every value of a repeated name kept. A urlencoded body is read here
    rather than by Django, whose field limit is below a large OCI cart; without a declared
    charset, UTF-8 is tried first, then ISO-8859-1 (older OCI catalogs)."""
    if request.content_type != "application/x-www-form-urlencoded":
        return request.POST
    text = body.decode("iso-8859-1")  # percent-encoded bytes: ASCII in practice
    for charset in [request.encoding] if request.encoding else ["utf-8", "iso-8859-1"]:
        try:
            pairs = parse_qsl(text, keep_blank_values=True, encoding=charset, errors="strict",
                              max_num_fields=FORM_FIELDS_MAX)
        except (UnicodeDecodeError, LookupError):
            continue
        except ValueError:
            raise carts.CartReturnRefused(_(
                "The form holds more than %(count)s fields, so the cart was not taken. Send "
                "fewer lines at a time.") % {"count": FORM_FIELDS_MAX}, status_code=400) \
                from None
        fields = MultiValueDict()
        for name, value in pairs:
            fields.appendlist(name, value)
        return fields
    raise carts.CartReturnRefused(_("The form's characters could not be read (neither UTF-8 "
                                    "nor ISO-8859-1), so the cart was not taken."),
                                  status_code=400)


def _return_refused(request: HttpRequest, reason: str, *, status: int) -> HttpResponse:
    return TemplateResponse(request, "punchout/return_refused.html", {
        **admin.site.each_context(request), "title": _("The cart was not taken"),
        "reason": reason}, status=status)
