-brand = haitao USA
# Month names, from the month's number: the long name (June), and the
# short one dates use (Jun). (Fluent terms take only literal arguments, so
# a term cannot be given the month at run time: these are messages.)
month-name = { $n ->
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
month-short = { $n ->
    [1] Jan
    [2] Feb
    [3] Mar
    [4] Apr
    [5] May
    [6] Jun
    [7] Jul
    [8] Aug
    [9] Sep
    [10] Oct
    [11] Nov
   *[12] Dec
}
brand-name = { -brand }
brand-mark = 海
lang-switch = 中文
lang-switch-label = Switch to Chinese
cart-link-label = { $count ->
    [one] Cart, { $count } item
   *[other] Cart, { $count } items
}
loading = Loading…
retry = Try again
back-home = Back to the shop
continue-shopping = Keep shopping
untranslated-mark = not translated
untranslated-hint = The seller has not supplied English text yet; shown in the original
not-found-title = Page not found · { -brand }
not-found-heading = We can't find that page
not-found-body = The link may be old, or the product is no longer sold.
price-from = from { $price }
sold-out = Sold out
# $month is month-short.
date = { $month } { $day }, { $year }
date-time = { $month } { $day }, { $time }
month-day = { $month } { $day }
meta-description = haitao USA: Washington cherries, Alaska seafood, California nuts and more from US family farms and small brands, priced in yuan with cross-border tax worked out before you pay.
footer-label = About the shop
footer-terms = User agreement
footer-privacy = Privacy policy
footer-notice = Consumer notice
footer-about = { -brand }: straight from American farms and small businesses, as cross-border retail imports
# A legal document's page: $name is its title.
document-title = { $name } · { -brand }
document-version = Version: { $version }
document-quoted = “{ $title }”
agree-to = I have read and agree to
undo = Undo
