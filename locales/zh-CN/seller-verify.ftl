# /v/<code>：扫描商品标签上的二维码打开的正品查询页。
verify-title = 正品查询
verify-genuine = ✓ 正品：由下方卖家通过海淘美国售出。
verify-seller-since = { $date } 起为认证卖家
verify-shipped = { $date } 从美国发出，寄往{ $city }
verify-not-shipped = 尚未发货
verify-checks-first = 这是此码第一次被查询。
verify-checks = 此码共被查询 { $count } 次，首次查询于 { $date }。
verify-flagged = 注意：此码自 { $date } 起已被查询 { $count } 次，且来自多个不同的地方。如果您的包裹是新收到的，请联系我们。
verify-unknown = 查无此码（{ $code }）：它不是海淘美国打印的验证码。请核对标签上的字符后重试。
