home-title = { -brand } · From American farms and small brands
home-heading = The best of America, straight from the source
home-tagline = Washington cherries, Alaska seafood, California nuts: from US family farms and small brands, genuine, with cross-border tax worked out before you pay.
home-categories = Categories
home-popular = Best sellers
category-title = { $name } · { -brand }
sort-label = Sort
sort-popular = Best selling
sort-newest = Newest
sort-price_asc = Price: low to high
sort-price_desc = Price: high to low
list-count = { $count ->
    [one] { $count } product
   *[other] { $count } products
}
list-empty = Nothing here yet.
product-title = { $name } · { -brand }
gallery-label = Product images
gallery-image-alt = { $name }, image { $n }
rate-note = Rate US$1 = ¥{ $rate } (set { $date }); you pay in yuan
variant-label = Option
qty-label = Quantity
qty-less = Fewer
qty-more = More
add-to-cart = Add to cart
added-to-cart = Added to your cart
view-cart = Go to cart
tax-estimate = Cross-border tax
tax-rate = combined rate { $rate }%
tax-in-full = in full: duty { $duty }%, VAT, consumption tax
landed-heading = Bought on its own
landed-goods = Goods × { $qty }
landed-freight = Shipping ({ $channel }, one parcel)
landed-total = You pay
landed-note = The tax is on the goods and the shipping together. In a cart with other items, the cart works it out per parcel.
single-item-alone = Over { $limit } a unit: sold only on its own, taxed in full (duty { $duty }%, VAT, consumption tax), counted to the yearly allowance.
shipping = Shipping
origin = Origin
origin-value = { $state }, USA
certifications = Certifications
genuine-guarantee = { $channel ->
    [bonded_warehouse] Genuine goods: stocked by the US seller in a bonded warehouse in China and declared through the cross-border e-commerce customs channel before they ship.
    [cold_chain] Genuine goods: flown chilled from the US farm or fishery and declared through the cross-border e-commerce customs channel.
   *[direct_mail] Genuine goods: shipped by the US seller itself and declared through the cross-border e-commerce customs channel.
}
description = About this product
seller-from = From { $state }, USA
seller-verified = Verified seller
channel-direct_mail = Direct mail from the US
channel-bonded_warehouse = Bonded warehouse in China
channel-cold_chain = Cold-chain air freight
channel-eta = about { $from }–{ $to } working days
cert-usda_organic = USDA Organic
cert-non_gmo = Non-GMO verified
cert-msc = MSC sustainable fishery
cert-gmp = Made in a GMP facility
home-seasonal = In season now
search-label = Search products
search-placeholder = Search: cherry, 樱桃, yingtao
search-submit = Search
search-title = “{ $q }” · { -brand }
search-heading = Results for “{ $q }”
search-empty = Nothing matched your search.
search-try-categories = Try other words, or browse a category:
list-try-categories = Browse another category:
sort-relevance = Best match
load-more = Show more ({ $shown } of { $total })
filter-open = Filter
filter-origin = Origin
filter-any-origin = All states
filter-seller = Seller
filter-any-seller = All sellers
filter-price = Price (yuan)
filter-min = Min
filter-max = Max
filter-price-invalid = Enter prices as whole numbers.
filter-price-order = The minimum is above the maximum.
filter-in-stock = In stock only
filter-clear = Reset
filter-apply = Show results
filter-emptied = Nothing matches these filters. Remove one, or all of them:
filter-remove = Remove the filter { $filter }
filter-clear-all = Show everything
filter-price-between = ¥{ $min }–¥{ $max }
filter-price-from = from ¥{ $min }
filter-price-up-to = up to ¥{ $max }
stock-ok = In stock
stock-low = Only { $count } left
stock-none = Out of stock
out-of-season = Out of season
next-harvest = Out of season: the next harvest ships from { $month } { $year }. Not sold until then.
season = Season
season-window = { $from }–{ $to }
season-ships = Ships in season: { $window }
seller-visit = Visit the shop ›
seller-title = { $name } · { -brand }
seller-founded = Founded { $year }
seller-products = { $count ->
    [one] { $count } product
   *[other] { $count } products
}
seller-all-products = See all products
