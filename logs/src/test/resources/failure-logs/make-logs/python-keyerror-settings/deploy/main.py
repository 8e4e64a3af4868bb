import uuid

from deploy import settings


def main():
    release = uuid.uuid4()
    print(f"preparing release {release}")
    config = settings.current()
    print(f"deploying to {config['region']} with {config['workers']} workers")


if __name__ == "__main__":
    main()
