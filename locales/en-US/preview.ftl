# A seller's preview of its storefront (/preview/:seller), and its report.
preview-banner = Storefront preview: drafts are visible only to you, not to shoppers yet
preview-expires = This link works until { $date }
preview-show-other = See it in Chinese
preview-report-link = Report: { $count ->
    [one] 1 thing to fix
   *[other] { $count } things to fix
}
preview-draft = Draft
preview-published = On sale
preview-no-cart = Nothing goes in the cart in a preview.
preview-frame-zh = Chinese
preview-frame-en = English
preview-frame-title = The storefront as shoppers see it ({ $lang })
preview-problem-title = This preview cannot be opened
preview-problem-hint = Ask the shop's admin for a new link (haitao-server preview-token --seller { $seller }).

report-title = Translation and listing report
report-summary = { $products ->
    [one] 1 product
   *[other] { $products } products
}, { $issues ->
    [one] 1 thing to fix
   *[other] { $issues } things to fix
}
report-seller = About the seller
report-all-good = Nothing to fix
report-not-showable = Cannot be sold yet, so shoppers would not see it: fill in what is marked below.
report-open = Open preview
report-field-name = name
report-field-description = description
report-field-variant_label = label of variant { $sku }
report-field-seller_name = shop name
report-field-seller_story = shop story
report-lang-zh = Chinese
report-lang-en = English
report-missing = The { $field } has no { $lang } text
report-identical = The { $field } is the same in both languages: one of them is not translated
report-not-chinese = The Chinese { $field } has no Chinese in it
report-no-images = No product image
report-no-variants = No variant, so there is nothing to buy
report-out-of-stock = Variant { $sku } is out of stock
report-tax-class-unset = Tax class not set
report-channel-unset = Fulfilment channel not set
