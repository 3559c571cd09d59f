"""PunchOut pages outside the admin: the trips to suppliers' sites and the suppliers'
callbacks (cart return and cXML documents), which authenticate their own way."""

app_name = "punchout"

urlpatterns: list = []
