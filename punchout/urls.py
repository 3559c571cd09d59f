"""PunchOut pages outside the admin: the trips to suppliers' sites and the suppliers'
callbacks (cart return and cXML documents), which authenticate their own way."""

from django.urls import path

from punchout.views import shopping
from punchout.views.inbound import cxml_inbound
from punchout.views.invitations import InvitationView

app_name = "punchout"

urlpatterns: list = [
    path("invitation/<uidb64>/<token>/", InvitationView.as_view(), name="invitation"),
    path("shop/", shopping.shop, name="shop"),
    path("shop/<slug:code>/", shopping.start, name="start"),
    path("carts/<int:cart_id>/<str:operation>/", shopping.cart_punchout, name="cart-punchout"),
    path("return/<str:token>/", shopping.cart_return, name="return"),
    path("cxml/", cxml_inbound, name="cxml-inbound"),
]
