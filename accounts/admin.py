from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import forms as auth_forms

from accounts.models import SocialAccount, User


class UserCreationForm(auth_forms.AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "name", "timezone", "role")


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(auth_admin.UserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    list_display = ("email", "name", "role", "timezone", "is_active", "date_joined", "last_login")
    list_filter = ("role", "is_active")
    search_fields = ("email", "name")
    ordering = ("email",)
    filter_horizontal = ()
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("name", "timezone")}),
        ("Access", {"fields": ("role", "is_active")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "name", "timezone", "role", "password1", "password2")}),
    )


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
