account-title = My account · haitao USA
account-link-label = My account
account-heading = My account
account-phone = Mobile
account-my-orders = My orders
account-sign-out = Sign out
account-sign-out-everywhere = Sign out on every device
sign-in-heading = Sign in with your mobile
sign-in-phone = Mobile number
sign-in-send-code = Send code
sign-in-resend = Resend in { $seconds } s
sign-in-code = SMS code
sign-in-code-sent = A code was sent to { $phone }; it is valid for 5 minutes.
sign-in-submit = Sign in
sign-in-note = A number we have not seen gets an account once verified. Your cart and a half-filled checkout are kept.
orders-title = My orders · haitao USA
orders-heading = My orders
orders-filter-all = All
orders-empty = No orders here yet.
orders-items = { $count ->
    [one] 1 item
   *[other] { $count } items
}
orders-prev = Previous
orders-next = Next
