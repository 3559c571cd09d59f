"""The page an invited person opens from the invitation mail to choose their password."""

from django.contrib import admin, messages
from django.contrib.auth.views import PasswordResetConfirmView
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class InvitationView(PasswordResetConfirmView):
    """Django's password-reset confirmation with the invitation's words; once the password is
    set the person is signed in and lands on the back office's home page."""

    template_name = "registration/invitation.html"
    title = gettext_lazy("Welcome: choose your password")
    post_reset_login = True
    success_url = reverse_lazy("admin:index")

    def get_context_data(self, **kwargs):
        return {**admin.site.each_context(self.request), **super().get_context_data(**kwargs)}

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is set; you are signed in."))
        return response
