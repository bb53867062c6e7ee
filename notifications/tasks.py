from celery import shared_task

from .services import notification_deliver


@shared_task(name="notifications.deliver")
def notification_deliver_task(notification_id: int) -> bool:
    return notification_deliver(notification_id=notification_id)
