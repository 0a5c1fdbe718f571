"""The channels a delivery can travel by: each module has `send(delivery)`, which returns when
the message was handed over and raises a DeliveryError when it was not."""
