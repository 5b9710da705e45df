from ninja import Router

router = Router(tags=["mobility"])
