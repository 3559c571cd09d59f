from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkurulesConfig(AppConfig):
    name = "skurules"
    verbose_name = _("SKU data and auto-confirm rules")
