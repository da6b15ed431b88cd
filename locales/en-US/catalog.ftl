home-title = haitao USA · From American farms and small brands
home-heading = The best of America, straight from the source
home-tagline = Washington cherries, Alaska seafood, California nuts: from US family farms and small brands, genuine, with cross-border tax worked out before you pay.
home-categories = Categories
home-popular = Best sellers
category-title = { $name } · haitao USA
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
product-title = { $name } · haitao USA
gallery-label = Product images
gallery-image-alt = { $name }, image { $n }
rate-note = Rate US$1 = ¥{ $rate } (set { $date }); you pay in yuan
variant-label = Option
qty-label = Quantity
qty-less = Fewer
qty-more = More
add-to-cart = Add to cart
added-to-cart = Added to your cart.
view-cart = Check out
tax-estimate = Estimated cross-border tax
tax-rate = combined rate { $rate }%, if bought on its own
shipping = Shipping
origin = Origin
origin-value = { $state }, USA
certifications = Certifications
genuine-guarantee = Genuine goods: shipped by the US seller itself and declared through China's cross-border e-commerce customs channel. Ten times your money back for any fake.
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
search-title = “{ $q }” · haitao USA
search-heading = Results for “{ $q }”
search-empty = Nothing matched your search.
search-try-categories = Try other words, or browse a category:
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
filter-clear = Clear
filter-apply = Show results
stock-ok = In stock
stock-low = { $count ->
    [one] Only { $count } left
   *[other] Only { $count } left
}
stock-none = Out of stock
season = Season
season-window = { $from ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
}–{ $to ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
}
season-ships = In season { $window }; ships in season
seller-visit = Visit the shop ›
seller-title = { $name } · haitao USA
seller-founded = Founded { $year }
seller-products = { $count ->
    [one] { $count } product
   *[other] { $count } products
}
seller-all-products = See all products
