cart-title = Cart · { -brand }
cart-heading = Your cart
cart-empty = Your cart is empty.
cart-dropped = { $count ->
    [one] { $count } product is no longer sold and was removed from your cart.
   *[other] { $count } products are no longer sold and were removed from your cart.
}
cart-out-of-season = { $count ->
    [one] { $count } product is out of season and was removed from your cart; its page says when the next harvest ships.
   *[other] { $count } products are out of season and were removed from your cart; their pages say when the next harvest ships.
}
remove = Remove
cart-removed = Removed { $name }.
stock-left = Only { $count } left
to-checkout = Check out
total-goods = Goods
total-freight = Shipping ({ $channel })
total-tax = Cross-border tax
total-total = Total
totals-updating = Updating prices…
parcels-split = { $count ->
    [one] Your order ships as one parcel.
   *[other] Your order ships as { $count } parcels: cold-chain fresh food, bonded-warehouse goods and US direct mail cannot travel together, and each parcel pays its own shipping.
}
limit-order = A cross-border order may not exceed { $limit }; this cart is { $over } over. Remove something or split it into several orders.
limit-annual = This would take you past the yearly cross-border allowance of { $limit }, by { $over }.
qty-times = × { $qty }
