"""Admin for users and their connected accounts.

Users are read-only here: role and access change only through the actions,
which call the services (`user_set_role`, `user_deactivate` with its cascade:
refresh tokens revoked, sessions ended). Admins still add users and set
passwords (the password form's save revokes the user's refresh tokens, see
`User.save`). Moderators look; they neither change nor act.
"""

from django.contrib import admin, messages
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import forms as auth_forms
from django.db.models import QuerySet
from django.http import HttpRequest

from accounts import services
from accounts.models import SocialAccount, User
from accounts.roles import Role
from socialtrend.errors import ApplicationError


class UserCreationForm(auth_forms.UserCreationForm):
    class Meta:
        model = User
        fields = ("email", "name", "timezone", "role")


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = ("password",)


@admin.register(User)
class UserAdmin(auth_admin.UserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    list_display = ("email", "name", "role", "timezone", "is_active", "date_joined", "last_login")
    list_filter = ("role", "is_active")
    search_fields = ("email", "name")
    ordering = ("email",)
    filter_horizontal = ()
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("name", "timezone")}),
        ("Access", {"fields": ("role", "is_active")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "name", "timezone", "role", "password1", "password2")}),
    )
    actions = ["make_user", "make_moderator", "make_admin", "deactivate", "reactivate"]

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> tuple[str, ...]:
        if obj is None:  # the add form
            return ()
        return ("email", "name", "timezone", "role", "is_active", "last_login", "date_joined")

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # A user's posts and deliveries are history: deactivate instead.
        return False

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "", extra_context=None):
        # Nothing on the page is editable (the password has its own form): no save buttons.
        extra_context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description="Set role: user", permissions=["change"])
    def make_user(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        self._each(request, queryset, lambda u: services.user_set_role(user=u, role=Role.USER), "are now plain users")

    @admin.action(description="Set role: moderator", permissions=["change"])
    def make_moderator(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        self._each(
            request, queryset, lambda u: services.user_set_role(user=u, role=Role.MODERATOR), "are now moderators"
        )

    @admin.action(description="Set role: admin", permissions=["change"])
    def make_admin(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        self._each(request, queryset, lambda u: services.user_set_role(user=u, role=Role.ADMIN), "are now admins")

    @admin.action(description="Deactivate (revoke their tokens, end their sessions)", permissions=["change"])
    def deactivate(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        self._each(request, queryset.filter(is_active=True), lambda u: services.user_deactivate(user=u), "deactivated")

    @admin.action(description="Reactivate", permissions=["change"])
    def reactivate(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        self._each(request, queryset.filter(is_active=False), lambda u: services.user_reactivate(user=u), "reactivated")

    def _each(self, request: HttpRequest, queryset: QuerySet[User], act, what: str) -> None:
        done = 0
        for user in queryset:
            if user.pk == request.user.pk:
                self.message_user(request, "Left your own account as it is: ask another admin.", messages.WARNING)
                continue
            try:
                act(user)
            except ApplicationError as exc:
                self.message_user(request, f"{user}: {exc.message}", messages.ERROR)
                continue
            done += 1
        if done:
            self.message_user(request, f"{done} users {what}.", messages.SUCCESS)


@admin.register(SocialAccount)
class SocialAccountAdmin(admin.ModelAdmin):
    """Tokens are never shown: they are not among the fields."""

    list_display = ("handle", "network", "owner", "status", "token_expires_at", "created_at")
    list_filter = ("status", "network", ("owner", admin.RelatedOnlyFieldListFilter))
    search_fields = ("handle", "display_name", "owner__email", "remote_id")
    list_select_related = ("owner",)
    fields = (
        "owner",
        "network",
        "handle",
        "display_name",
        "remote_id",
        "status",
        "status_reason",
        "token_expires_at",
        "scopes",
        "options",
        "created_at",
        "updated_at",
    )
    readonly_fields = fields

    # Accounts are connected through the API and disconnected (revoked), never deleted:
    # their deliveries are history.
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
