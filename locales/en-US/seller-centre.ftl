# The seller centre (/seller): for US farms and small businesses, English first.
# These messages are fetched only when a seller opens it (src/locales.rs).

sc-sign-in-title = Seller centre sign-in
sc-sign-in-heading = Seller centre
sc-sign-in-lede = Sign in with the email address the shop invited. We mail you a 6-digit code; no password.
sc-email = Email address
sc-send-code = Email me a code
sc-resend-in = Send again in { $seconds } s
sc-code-sent = If { $email } has a seller account here, a code is on its way. Check your inbox.
sc-code = 6-digit code
sc-sign-in = Sign in
sc-sign-in-note = Not a seller yet? Ask the shop's operator to invite you.
sc-tabs-label = Seller centre
sc-tab-orders = Orders
sc-tab-catalog = Catalog
sc-tab-settings = Settings

sc-orders-title = Orders to ship
sc-orders-heading = Orders to ship
sc-to-pack = { $count ->
    [one] shipment to pack
   *[other] shipments to pack
}
sc-shipped-this-week = shipped this week
sc-filter-label = Show
sc-filter-to-ship = To ship
sc-filter-shipped = Shipped
sc-filter-all = All
sc-no-shipments = Nothing here. Paid orders appear here, oldest first, as soon as customs has them.
sc-paid-on = Paid { $date }
sc-units-sent = { $sent } of { $units } sent
sc-presale-window = Pre-sale: ship from { $from }, by { $to }
sc-status-to-ship = To ship
sc-status-shipped = Shipped

sc-shipment-title = Shipment { $id }
sc-back-to-orders = ‹ All orders
sc-slip-heading = Packing slip
sc-print = Print
sc-order-number = Order
sc-shipment-number = Shipment
sc-paid = Paid
sc-sku = SKU
sc-item = Item
sc-qty = Qty
sc-sent = Sent
sc-recipient = Ship to
sc-recipient-name = Name
sc-recipient-mobile = Mobile
sc-recipient-address = Address
sc-recipient-country = Country
sc-recipient-postcode = Postcode
sc-recipient-hidden = The recipient is not shown: either the buyer did not agree to their address going abroad, or the last parcel left more than 90 days ago.
sc-codes-heading = Authenticity codes
sc-codes-note = Stick one code on each unit. The buyer scans it to check the item is genuine.
sc-code-alt = QR code for { $code }
sc-parcels-heading = Parcels sent
sc-ship-heading = Ship a parcel
sc-ship-note = One parcel at a time: choose the carrier, type the waybill number and what is in the box. Ship the rest in another parcel.
sc-carrier = Carrier
sc-carrier-choose = Choose a carrier
sc-waybill = Waybill number
sc-ship-lines = In this parcel
sc-of-left = of { $count } left
sc-ship = Mark as shipped

sc-catalog-title = Catalog
sc-catalog-heading = Your catalog
sc-import-heading = Upload your catalog
sc-import-note = The same CSV or JSON file as the shop's import (docs/IMPORT.md). Every row is checked first; if any has a problem, nothing changes. New and changed products become drafts until you publish them.
sc-import-file = Catalog file
sc-import = Upload
sc-imported = Imported. New products: { $created }; updated: { $updated }; variants in the file: { $variants }.
sc-imported-unpublished = Products that were on sale and went back to draft until you publish them again: { $count }.
sc-choose-file = Choose a CSV or JSON file
sc-no-file = No file chosen
sc-import-refused = { $count ->
    [one] 1 problem, nothing was imported. Fix it and upload again.
   *[other] { $count } problems, nothing was imported. Fix them and upload again.
}
sc-import-line = Line
sc-problem = Problem
sc-preview-heading = Preview
sc-preview-note = See your storefront as shoppers will, drafts included, in both languages, with what is still untranslated pointed out.
sc-make-preview = Make a preview link
sc-open-preview = Open the preview
sc-preview-until = The link works until { $date }.
sc-products-heading = Products
sc-publish-all = Publish all drafts
sc-publish = Publish
sc-published = Now on sale ({ $count }): { $list }
sc-published-none = Nothing new to publish.
sc-publish-refused = { $product } is not published yet:
sc-no-products = No products yet: upload your catalog above.
sc-draft = Draft
sc-on-sale = On sale
sc-issues = { $count ->
    [one] 1 thing to fix
   *[other] { $count } things to fix
}
sc-price-usd = Price (US$)
sc-stock = Stock
sc-save = Save
sc-saved = Saved

sc-settings-title = Settings
sc-settings-heading = Settings
sc-mails-heading = Emails to you
sc-mail-orders = Email me when an order is paid, and a daily summary of what is left to ship
sc-mail-lang = Language of the emails
sc-users-heading = People who run this shop
sc-role-owner = Owner
sc-role-staff = Staff
sc-remove = Remove
sc-invite-email = Invite by email
sc-invite = Invite
sc-invited = { $email } is invited and was mailed how to sign in.
sc-statement-heading = Statement
sc-statement-note = For a month: per order, what was sold and refunded, the tax collected for customs, and your net in US dollars at the order's rate.
sc-month = Month
sc-download-csv = Download CSV
sc-sign-out = Sign out
sc-sign-out-everywhere = Sign out on every device

sc-error-invalid_email = Enter an email address, like name@farm.com.
sc-error-code_expired = This code no longer works (too old, or too many wrong tries): ask for a new one.
sc-error-owner_only = Only an owner can do that.
sc-error-user_taken = That address already runs a seller here.
sc-error-remove_self = You cannot remove yourself.
sc-error-invalid_carrier = Choose a carrier from the list.
sc-error-invalid_waybill = That is not a waybill number of this carrier. EMS and China Post numbers look like EA123456785US.
sc-error-waybill_taken = That waybill number is already on another parcel.
sc-error-invalid_parcel = Put at least one unit in the parcel, and no more than is left to ship.
sc-error-invalid_variant = Enter a price above zero (like 12.99) and a stock of 0 or more.
sc-error-import_rejected = The file has problems; nothing was imported.

# An import file's problems (the seller centre's catalog screen).
sc-issue-unreadable = This line could not be read: { $detail }
sc-issue-unknown-columns = Unknown column(s): { $columns }. The columns are listed in docs/IMPORT.md.
sc-issue-missing-columns = Missing column(s): { $columns }.
sc-issue-differs = { $field } differs from line { $first }: on a product's later rows, leave it blank.
sc-issue-invalid = { $field } "{ $value }" must be { $hint }
sc-issue-too-long = { $field } is longer than { $max } characters.
sc-issue-name-missing = A name is needed: name_zh or name_en.
sc-issue-unknown-category = Category "{ $value }" is not one of the shop's.
sc-issue-repeated = { $field } "{ $value }" is also on line { $first }.
sc-issue-repeated-in-product = SKU "{ $value }" appears twice in this product.
sc-issue-sku-taken = SKU "{ $value }" belongs to another product.
sc-issue-slug-taken = "{ $value }" is another seller's product: choose another slug.
sc-issue-empty = The file has no products.
sc-hint-slug = 2 to 80 of a-z, 0-9 and -.
sc-hint-sku = 1 to 30 of A-Z, 0-9 and -.
sc-hint-price_usd = dollars and cents above zero, like 12.99.
sc-hint-stock = a whole number, 0 or more.
sc-hint-origin_state = a US state's two letters, like WA.
sc-hint-tax_class = general, vat9 or cosmetics (or blank).
sc-hint-channel = direct_mail, bonded_warehouse or cold_chain (or blank).
sc-hint-certification = one of the certifications in docs/IMPORT.md.
sc-hint-image = a picture of the shop's own, a path under /img/.
sc-hint-season = months from-to, like 6-7.
sc-hint-duty_rate = a percentage from 0 to 100, like 10 or 7.5 (or blank).
sc-hint-other = as the import format says (docs/IMPORT.md).
sc-tab-aftersales = Refunds
sc-as-heading = After-sales requests
sc-as-empty = No after-sales requests.
sc-as-order = Order { $order }
sc-as-photo = The shopper's photo
sc-as-answer = Reason given:
sc-as-approve = Approve and refund
sc-as-approve-ask = Refund { $amount } to the shopper now? This cannot be undone.
sc-as-approve-confirm = Yes, refund
sc-as-refuse = Refuse
sc-as-refuse-why = Why (the shopper reads this, and may take it to the shop)
sc-as-refuse-send = Refuse the request
sc-as-back = Back
sc-as-reason-damaged = Arrived damaged
sc-as-reason-wrong_item = Wrong item
sc-as-reason-missing = Missing
sc-as-reason-not_as_described = Not as described
sc-as-state-requested = Pending
sc-as-state-approved = Approved and refunded
sc-as-state-refused = Refused
sc-as-state-escalated = With the shop
sc-as-state-closed = Closed by the shop
sc-error-aftersales_decided = This request has been decided already.
sc-error-invalid_note = Say why you refuse (up to 500 characters): the shopper reads it.
sc-error-refund_exceeds_payment = Less is left of this payment than the request asks: it was refunded in part already.
sc-tab-reviews = Reviews
sc-rv-heading = Buyers' reviews
sc-rv-empty = No reviews yet: buyers review what reached them.
sc-rv-stars = { $n } of 5 stars
sc-rv-your-reply = Your reply:
sc-rv-reply-label = Reply (once; shown under the review on the product page)
sc-rv-send = Post the reply
sc-error-review_exists = You have replied to this review already.
