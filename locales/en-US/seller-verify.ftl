# /v/<code>: the page a unit's label QR code opens ("is it genuine?").
verify-title = Is it genuine?
verify-genuine = ✓ Genuine: sold through haitao USA by the seller below.
verify-seller-since = verified seller since { $date }
verify-shipped = Left the US on { $date } for { $city }
verify-not-shipped = Not shipped yet
verify-checks-first = This is the first time this code has been checked.
verify-checks = This code has been checked { $count } times, first on { $date }.
verify-flagged = Careful: this code has been checked { $count } times since { $date }, from many different places. If your parcel is new, tell us.
verify-unknown = No such code ({ $code }): haitao never printed it. Check the characters on the label and try again.
