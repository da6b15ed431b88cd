-brand = 海淘美国
# 月份名称：中文长短同形。
month-name = { $n }月
month-short = { $n }月
brand-name = { -brand }
brand-mark = 海
lang-switch = English
lang-switch-label = 切换为英文界面
cart-link-label = 购物车，{ $count } 件商品
loading = 正在加载…
retry = 重试
back-home = 返回首页
continue-shopping = 继续逛逛
untranslated-mark = 未翻译
untranslated-hint = 商家尚未提供中文版本，暂以原文显示
not-found-title = 页面不存在 · { -brand }
not-found-heading = 找不到这个页面
not-found-body = 链接可能已失效，或商品已下架。
price-from = { $price }起
sold-out = 已售罄
# $month 是 month-short 的结果。
date = { $year }年{ $month }{ $day }日
date-time = { $month }{ $day }日 { $time }
month-day = { $month }{ $day }日
meta-description = 海淘美国：华盛顿车厘子、阿拉斯加海鲜、加州坚果等美国家庭农场和小品牌的正品，人民币标价，跨境税费下单前算清。
footer-label = 本店信息
footer-terms = 用户协议
footer-privacy = 隐私政策
footer-notice = 消费者告知书
footer-about = { -brand }：美国农场与小商家直供，跨境电商零售进口
# 法律文件页：$name 为文件标题。
document-title = { $name } · { -brand }
document-version = 版本：{ $version }
document-quoted = 《{ $title }》
agree-to = 我已阅读并同意
undo = 撤销
