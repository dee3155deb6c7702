"""SPEC section 2 Black Friday workload for Locust: POST /purchase, categories weighted
Belleza 3 : Electronica 1 : Ropa 1 : Hogar 1, each user waiting 0.5..2 s between requests,
prices with two decimals. Success means 202 (accepted by every broker it is routed to).
"""

import itertools
import random

from locust import HttpUser, between, task

# categoria number, products, price range, quantity range (SPEC section 2).
BELLEZA = (4, ["Labial-Matte", "Base-Liquida", "Perfume-Floral", "Crema-Hidratante"], (50, 300), (1, 5))
ELECTRONICA = (1, ["TV-Samsung", "iPhone-15", "Laptop-HP"], (2000, 8000), (1, 1))
ROPA = (2, ["Camisa-Polo", "Jeans-Levis", "Vestido-Gala"], (100, 500), (1, 3))
HOGAR = (3, ["Licuadora", "Microondas", "Sofa"], (300, 1500), (1, 1))
_user_seeds = itertools.count(7)


class Shopper(HttpUser):
    wait_time = between(0.5, 2)

    def on_start(self):
        self.rng = random.Random(next(_user_seeds))

    def buy(self, category):
        categoria, products, (low, high), (qmin, qmax) = category
        sale = {
            "categoria": categoria,
            "producto_id": self.rng.choice(products),
            "precio": round(self.rng.uniform(low, high), 2),
            "cantidad_vendida": self.rng.randint(qmin, qmax),
        }
        with self.client.post("/purchase", json=sale, catch_response=True, name=f"/purchase [{categoria}]") as response:
            if response.status_code != 202:
                response.failure(f"{response.status_code}: {response.text[:200]}")

    @task(3)
    def belleza(self):
        self.buy(BELLEZA)

    @task(1)
    def electronica(self):
        self.buy(ELECTRONICA)

    @task(1)
    def ropa(self):
        self.buy(ROPA)

    @task(1)
    def hogar(self):
        self.buy(HOGAR)
