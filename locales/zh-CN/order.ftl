order-ship-to = 收货信息
order-pay-later = 订单已创建，去订单页付款
# The shop's own WeChat Pay page: the QR code on a desktop, the in-app payment inside WeChat.
wxpay-scan = 请用手机微信扫一扫，完成支付
wxpay-opening = 正在打开微信支付…
back-to-order = 返回订单
pay-within = 请在 { $minutes } 分 { $seconds } 秒内完成支付，超时订单将自动取消，商品退回库存。
pay-time-up = 付款时限已到，订单正在取消。
order-link-label = 本订单的专属链接
