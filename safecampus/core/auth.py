"""Log in with a username or a mainland mobile number."""

from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from safecampus.core.access import person_of, remember_memberships
from safecampus.core.models import Membership, User


class UsernameOrMobileBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        login = username.strip()
        user = User.objects.filter(Q(username__iexact=login) | Q(mobile=login)).first()
        if user is None:
            # Spend the same time as a real check so timing does not reveal who exists.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id):
        """The person of a session, read with their active memberships and orgs, which every
        page reads next (core.access.active_memberships): one query instead of two. Someone
        holding no membership (a guardian) is read on their own."""
        memberships = list(
            Membership.objects.active()
            .filter(user_id=user_id, user__is_active=True)
            .select_related("org", "user")
        )
        if memberships:
            return person_of(memberships)
        user = super().get_user(user_id)
        if user is not None:
            remember_memberships(user, [])
        return user
