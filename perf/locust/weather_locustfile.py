"""SPEC section 1 weather workload for Locust: POST /api/tweets, municipality and weather
uniform, temperature 15..35, humidity 30..90, one in five reports with the enum numbers
(as many existing clients send). No think time: the reference ran 10 users flat out.

A report counts as a success only on 202, the pipeline's "durably accepted by every broker";
the reference answered 200 even when the event was lost.
"""

import itertools
import random

from locust import HttpUser, constant, task

MUNICIPALITIES = ["mixco", "guatemala", "amatitlan", "chinautla"]
WEATHERS = ["sunny", "cloudy", "rainy", "foggy"]
_user_seeds = itertools.count(42)


class WeatherReporter(HttpUser):
    wait_time = constant(0)

    def on_start(self):
        # One seeded generator per user: two runs with the same user count send the same reports.
        self.rng = random.Random(next(_user_seeds))

    def report(self):
        m = self.rng.randrange(4)
        w = self.rng.randrange(4)
        numeric = self.rng.randrange(5) == 0
        return {
            "municipality": m + 1 if numeric else MUNICIPALITIES[m],
            "temperature": self.rng.randint(15, 35),
            "humidity": self.rng.randint(30, 90),
            "weather": w + 1 if numeric else WEATHERS[w],
        }

    @task
    def send_tweet(self):
        with self.client.post("/api/tweets", json=self.report(), catch_response=True) as response:
            if response.status_code != 202:
                response.failure(f"{response.status_code}: {response.text[:200]}")
