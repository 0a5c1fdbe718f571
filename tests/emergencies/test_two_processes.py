"""An alarm raised through one app process reaches a WebSocket connected to another: the
channel layer is Redis, started here on loopback with both processes. No timing is asserted
(bench/alarm_latency.py measures it)."""

import asyncio
import json

from tests.emergencies.cluster import Cluster


async def _raise_on_a_hear_on_b(cluster):
    a, b = cluster.ports
    async with cluster.websocket(b) as socket:
        alarm_id = await asyncio.to_thread(cluster.raise_alarm, a)
        while True:
            message = json.loads(await asyncio.wait_for(socket.recv(), timeout=20))
            if message.get("id") == alarm_id and message.get("event") == "raised":
                return message


async def _feed_refuses_anonymous(cluster):
    """A page without a session is turned away at the handshake (the consumer closes before
    accepting, which the server answers with 403)."""
    from websockets.asyncio.client import connect
    from websockets.exceptions import InvalidStatus

    port = cluster.ports[1]
    origin = {"Origin": f"http://127.0.0.1:{port}"}
    try:
        async with connect(f"ws://127.0.0.1:{port}/ws/alarms/", additional_headers=origin):
            return None
    except InvalidStatus as refused:
        return refused.response.status_code


def test_an_alarm_raised_on_one_process_reaches_a_socket_on_the_other():
    with Cluster() as cluster:
        message = asyncio.run(_raise_on_a_hear_on_b(cluster))
        assert message["kind"] == "intrusion"
        assert message["school"] == "S"
        assert message["place"] == "校门口"
        assert message["url"].endswith(f"/alarms/{message['id']}/")
        assert asyncio.run(_feed_refuses_anonymous(cluster)) == 403
    assert cluster.processes == []
