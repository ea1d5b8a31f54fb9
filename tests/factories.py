import factory

from accounts.models import SocialAccount, User
from accounts.roles import Role

DEFAULT_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    name = factory.Faker("name")
    timezone = "Europe/Berlin"
    role = Role.USER
    password = DEFAULT_PASSWORD

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return model_class.objects.create_user(*args, **kwargs)


class SocialAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SocialAccount

    owner = factory.SubFactory(UserFactory)
    network = "sandbox"
    handle = factory.Sequence(lambda n: f"handle{n}")
    remote_id = factory.LazyAttribute(lambda a: f"{a.network}:{a.handle}")
    status = SocialAccount.Status.ACTIVE
