order-ship-to = Ship to
order-pay-later = Your order is placed: pay for it on the order page
# The shop's own WeChat Pay page: the QR code on a desktop, the in-app payment inside WeChat.
wxpay-scan = Scan this code with WeChat on your phone to pay
wxpay-opening = Opening WeChat Pay…
back-to-order = Back to the order
pay-within = Pay within { $minutes } min { $seconds } s, or the order is cancelled and its items go back on sale.
pay-time-up = Time to pay is up: the order is being cancelled.
order-link-label = this order's own link
