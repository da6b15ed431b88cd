// A shopper signs in with a phone and the SMS code (read from the
// development sender), keeps the cart, orders, finds the order under
// "my orders", and signs out: on a phone, in both languages.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { FOR_SIGN_IN, accepted, agreeToOrder, fillCheckout, launch, phone, shots, startShop } from './shop.mjs';

const words = {
  'zh-CN': { send: '获取验证码', resend: /秒后重新获取/, sent: '验证码已发送至', wrong: '验证码不正确', heading: '我的账户', paid: '已付款', awaiting: '待付款', empty: '这里还没有订单', signIn: '手机号登录', signInLink: '登录', cancelEdit: '取消', addressRemoved: '地址已删除' },
  'en-US': { send: 'Send code', resend: /Resend in \d+ s/, sent: 'A code was sent to', wrong: 'That is not the code we sent', heading: 'My account', paid: 'Paid', awaiting: 'Awaiting payment', empty: 'No orders here yet', signIn: 'Sign in with your mobile', signInLink: 'Sign in', cancelEdit: 'Cancel', addressRemoved: 'Address deleted' },
};
const phones = { 'zh-CN': '13911112222', 'en-US': '13933334444' };

let shop, browser;
before(async () => { mkdirSync(shots, { recursive: true }); shop = await startShop(); browser = await launch(); });
after(async () => { await browser?.close(); await shop?.stop(); });

async function lastCode(number) {
  const msgs = await (await fetch(`${shop.base}/api/dev/sms?phone=${number}`)).json();
  return msgs[0].text.match(/\d{6}/)[0];
}

/** Signs `number` in through the sign-in form inside `scope` (a page, or a box on it). */
async function signInWith(scope, number, lang) {
  await scope.locator('#f-phone').waitFor();
  await scope.locator('#f-phone').fill(number);
  await scope.locator('input[name=agree-terms]').check();
  await scope.getByRole('button', { name: words[lang].send }).click();
  await scope.locator('.code-sent').waitFor();
  await scope.locator('#f-code').fill(await lastCode(number));
  await scope.locator('.sign-in-btn').click();
}

for (const lang of ['zh-CN', 'en-US']) {
  test(`sign in, order, my orders, sign out (${lang})`, async () => {
    const w = words[lang];
    const number = phones[lang];
    const { ctx, page, errors } = await phone(browser, lang);
    // Something in the cart first: signing in must not lose it.
    await page.goto(`${shop.base}/p/walnut-halves?lang=${lang}`);
    await page.waitForSelector('.add-to-cart');
    await page.click('.add-to-cart');
    // A half-filled checkout, left to sign in.
    await page.goto(`${shop.base}/checkout/address?lang=${lang}`);
    await page.waitForSelector('#f-recipient');
    await page.fill('#f-recipient', '王五');
    // The header offers to sign in.
    assert.equal(await page.getAttribute('.account-link', 'aria-label'), w.signInLink);
    await page.click('.account-link');
    await page.waitForSelector('#f-phone');
    await page.fill('#f-phone', number);
    // No code is sent before the user agreement and privacy policy are agreed to.
    await page.getByRole('button', { name: w.send }).click();
    await page.locator('.agreement.invalid').waitFor();
    await page.check('input[name=agree-terms]');
    await page.getByRole('button', { name: w.send }).click();
    await page.locator('.code-sent').waitFor();
    assert.ok((await page.textContent('.code-sent')).includes(w.sent));
    assert.match(await page.textContent('.send-code'), w.resend, 'a new code only after a minute');
    // A wrong code is refused next to the field, in the shopper's language.
    const code = await lastCode(number);
    await page.fill('#f-code', code === '000000' ? '111111' : '000000');
    await page.click('.sign-in-btn');
    await page.locator('#f-code-err').getByText(w.wrong).waitFor();
    await page.screenshot({ path: `${shots}/account-${lang}-sign-in.png`, fullPage: true });
    await page.fill('#f-code', code);
    await page.click('.sign-in-btn');
    await page.locator('.account-phone').waitFor();
    assert.ok((await page.textContent('.account-phone')).includes(`${number.slice(0, 3)}****${number.slice(7)}`));
    assert.equal((await page.textContent('.cart-count')).trim(), '1', 'the cart is kept');
    assert.equal(await page.getAttribute('.account-link', 'aria-label'), w.heading, 'the header shows the account');
    assert.ok((await page.getAttribute('.account-link', 'class')).includes('signed-in'));
    const cookie = (await ctx.cookies()).find((c) => c.name === 'haitao_session');
    assert.ok(cookie && cookie.httpOnly && cookie.sameSite === 'Lax', 'an HttpOnly, SameSite=Lax session cookie');
    assert.equal(await page.evaluate(() => document.cookie.includes('haitao_session')), false, 'no script reads it');
    await page.screenshot({ path: `${shots}/account-${lang}-signed-in.png`, fullPage: true });
    // A fresh page load knows it too (the hint cookie), with no request.
    await page.reload();
    await page.waitForSelector('.account-phone');
    assert.ok((await page.getAttribute('.account-link', 'class')).includes('signed-in'), 'signed in after a reload');
    await page.goto(`${shop.base}/checkout/address?lang=${lang}`);
    await page.waitForSelector('#f-recipient');
    assert.equal(await page.inputValue('#f-recipient'), '王五', 'the half-filled checkout is kept');

    // Order while signed in (one more item in the cart by fillCheckout); the
    // address and the payer are kept for next time (the boxes are ticked).
    await fillCheckout(page, shop.base, 'salted-pistachios', lang);
    assert.ok((await page.textContent('.review')).includes('**************002X'));
    await page.click('.place-order');
    await page.waitForURL(/\/sandbox\/pay\//);
    await page.click('button.pay');
    await page.waitForURL(/\/orders\/HT/);
    await page.waitForSelector('[data-status=paid]');
    const id = await page.getAttribute('[data-order-id]', 'data-order-id');

    // A second order in a few taps: the saved address and payer are chosen already.
    await page.goto(`${shop.base}/p/roasted-almonds?lang=${lang}`);
    await page.waitForSelector('.add-to-cart');
    await page.click('.add-to-cart');
    await page.goto(`${shop.base}/checkout/address?lang=${lang}`);
    await page.locator('.saved-addresses input[type=radio]:checked').waitFor();
    assert.equal(await page.locator('#f-street').count(), 0, 'no address to type');
    assert.ok((await page.textContent('.saved-addresses')).includes('世纪大道100号'));
    await page.screenshot({ path: `${shots}/account-${lang}-saved-address.png`, fullPage: true });
    await page.click('.next-step');
    await page.locator('.saved-payers input[type=radio]:checked').waitFor();
    assert.equal(await page.locator('#f-id_number').count(), 0, 'no ID number to type');
    // Each order asks for the consent again (the last order's ended with it).
    await page.check('input[name=agree-consent-id]');
    await page.click('.next-step');
    await page.check('input[name=method][value=wechat]');
    await page.click('.next-step');
    await page.waitForSelector('.review .totals');
    assert.ok((await page.textContent('.review')).includes('**************002X'));
    // Signed in with a payer this account paid with: the year's allowance this order takes.
    await page.locator('.allowance').waitFor();
    await page.screenshot({ path: `${shots}/account-${lang}-review.png`, fullPage: true });
    await agreeToOrder(page);
    await page.click('.place-order');
    await page.waitForURL(/\/sandbox\/pay\//);
    await page.click('button.pay');
    await page.waitForSelector('[data-status=paid]');
    assert.ok((await page.textContent('.order-address')).includes('138****8000'));

    // The address book: edit, a second address as default, delete.
    await page.goto(`${shop.base}/account/addresses?lang=${lang}`);
    // Addresses and payers are two requests: wait for both lists.
    await page.locator('.book-entry[data-address]').first().waitFor();
    await page.locator('.book-entry[data-payer]').first().waitFor();
    assert.equal(await page.locator('.book-entry[data-address]').count(), 1);
    assert.equal(await page.locator('.book-entry[data-payer]').count(), 1);
    // Editing the saved address with its masked mobile keeps the mobile; a
    // refused save says why beside the field.
    await page.click('.edit-address');
    assert.equal(await page.inputValue('#f-mobile'), '138****8000');
    await page.fill('#f-mobile', '139****1111');
    await page.click('.save-address');
    await page.locator('#f-mobile-err').filter({ hasText: /./ }).waitFor();
    await page.screenshot({ path: `${shots}/account-${lang}-edit-refused.png`, fullPage: true });
    await page.fill('#f-mobile', '138****8000');
    await page.fill('#f-street', '世纪大道200号');
    await page.click('.save-address');
    await page.locator('.book-entry[data-address]', { hasText: '世纪大道200号' }).waitFor();
    const saved = await (await page.request.get(`${shop.base}/api/account/addresses`)).json();
    assert.equal(saved[0].address.mobile, '138****8000', 'still masked in answers');
    assert.ok(saved[0].address.street.includes('200'));
    await page.click('.add-address');
    // The form's way out says what it does (it said "Keep the order").
    assert.equal((await page.textContent('.cancel-edit')).trim(), w.cancelEdit);
    await page.waitForSelector('#f-province option[value="广东省"]', { state: 'attached' });
    await page.fill('#f-recipient', '李四');
    await page.fill('#f-mobile', '1370013700');
    await page.locator('#f-mobile').blur();
    assert.ok((await page.textContent('#f-mobile-err')).length > 0, 'the checkout\'s check, the checkout\'s message');
    await page.fill('#f-mobile', '13700137000');
    await page.selectOption('#f-province', '广东省');
    await page.selectOption('#f-city', '深圳市');
    await page.selectOption('#f-district', '南山区');
    await page.fill('#f-street', '科技园路1号');
    await page.fill('#f-postcode', '518057');
    await page.click('.save-address');
    await page.locator('.book-entry[data-address]').nth(1).waitFor();
    await page.locator('.book-entry', { hasText: '李四' }).locator('.make-default').click();
    await page.locator('.book-entry', { hasText: '李四' }).locator('.default-badge').waitFor();
    await page.screenshot({ path: `${shots}/account-${lang}-book.png`, fullPage: true });
    // A deletion can be taken back for a few seconds, then it is done.
    const shown = '.book-entry[data-address]:not([hidden])';
    const zhang = page.locator('.book-entry', { hasText: '张三' });
    await zhang.locator('.delete-address').click();
    await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 1, shown);
    assert.ok((await page.textContent('.undo-bar')).includes(w.addressRemoved), await page.textContent('.undo-bar'));
    await page.screenshot({ path: `${shots}/account-${lang}-undo.png` });
    await page.click('.undo-bar .undo-btn');
    await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 2, shown);
    const addresses = async () => (await (await page.request.get(`${shop.base}/api/account/addresses`)).json()).length;
    assert.equal(await addresses(), 2, 'taken back, nothing was deleted');
    await zhang.locator('.delete-address').click();
    await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 1, shown);
    await page.locator('.undo-bar[hidden]').waitFor({ state: 'attached', timeout: 10000 });
    await page.waitForFunction(async (base) => (await (await fetch(`${base}/api/account/addresses`)).json()).length === 1, shop.base);

    // A payer kept from the address book: only with the consent to keep the ID number.
    await page.click('.add-payer');
    await page.fill('#f-payer_name', '李四');
    await page.fill('#f-id_number', '440304200002291236');
    await page.click('.save-payer');
    await page.locator('.payer-form .agreement.invalid').waitFor();
    assert.equal(await page.locator('.book-entry[data-payer]:not([hidden])').count(), 1, 'not kept without the consent');
    await page.check('.payer-form input[name=agree-consent-id]');
    await page.click('.save-payer');
    await page.waitForFunction(() => document.querySelectorAll('.book-entry[data-payer]:not([hidden])').length === 2);

    // The account page shows the latest orders and their states.
    await page.goto(`${shop.base}/account?lang=${lang}`);
    const recent = page.locator(`.recent-orders [data-order="${id}"]`);
    await recent.waitFor();
    assert.ok((await recent.textContent()).includes(w.paid));
    await page.screenshot({ path: `${shots}/account-${lang}-recent.png`, fullPage: true });

    // My orders: there, with its status; the filters work.
    await page.goto(`${shop.base}/account/orders?lang=${lang}`);
    const row = page.locator(`[data-order="${id}"]`);
    await row.waitFor();
    assert.ok((await row.textContent()).includes(w.paid));
    await page.screenshot({ path: `${shots}/account-${lang}-orders.png`, fullPage: true });
    await page.getByRole('link', { name: w.awaiting }).click();
    await page.getByText(w.empty).waitFor();
    await page.getByRole('link', { name: w.paid }).click();
    await row.waitFor();
    await row.click();
    await page.waitForSelector(`[data-order-id="${id}"]`);

    // Sign out: the account asks to sign in again, and the order is no one's business.
    await page.click('.account-link');
    await page.locator('.sign-out-btn').click();
    await page.getByText(w.signIn).waitFor();
    assert.equal(await page.getAttribute('.account-link', 'aria-label'), w.signInLink);
    await page.goto(`${shop.base}/orders/${id}?lang=${lang}`);
    await page.waitForSelector('.not-found, .error-panel, h1');
    assert.equal(await page.locator(`[data-order-id="${id}"]`).count(), 0, 'signed out, the order does not open');
    assert.equal((await fetch(`${shop.base}/api/orders/${id}`)).status, 404);
    assert.deepEqual(errors.filter((e) => !/404|Not Found/i.test(e)), []);
    await ctx.close();
  });
}

// A guest's order joins an account only when its holder keeps it: the
// checkout says so, and the order page signs the guest in and keeps it there.
const guestPhones = { 'zh-CN': '13955556666', 'en-US': '13977778888' };
const keepWords = {
  'zh-CN': { guest: '游客身份下单', keep: '保存到我的账户' },
  'en-US': { guest: 'ordering as a guest', keep: 'Keep in my account' },
};
for (const lang of ['zh-CN', 'en-US']) {
  test(`a guest keeps an order in the account from its page (${lang})`, async () => {
    const w = { ...words[lang], ...keepWords[lang] };
    const number = guestPhones[lang];
    const { ctx, page, errors } = await phone(browser, lang);
    await fillCheckout(page, shop.base, 'roasted-almonds', lang);
    const notice = page.locator('.guest-order');
    assert.ok((await notice.textContent()).includes(w.guest), await notice.textContent());
    assert.equal(await notice.locator('a').getAttribute('href'), '/account?back=/checkout/review');
    await page.screenshot({ path: `${shots}/keep-${lang}-checkout.png`, fullPage: true });
    await page.click('.place-order');
    await page.waitForURL(/\/sandbox\/pay\//);
    await page.click('button.pay');
    await page.waitForSelector('[data-status=paid]');
    const id = await page.getAttribute('[data-order-id]', 'data-order-id');
    // Signed out: the sign-in is in the box itself.
    const box = page.locator('.keep-order');
    await box.locator('#f-phone').waitFor();
    await page.screenshot({ path: `${shots}/keep-${lang}-signed-out.png`, fullPage: true });
    await signInWith(box, number, lang);
    await box.getByRole('button', { name: w.keep }).waitFor();
    await page.screenshot({ path: `${shots}/keep-${lang}-signed-in.png`, fullPage: true });
    // Signed in, the order is still not in the account until it is kept.
    const mine = async () => (await (await page.request.get(`${shop.base}/api/account/orders`)).json()).orders.map((o) => o.id);
    assert.deepEqual(await mine(), []);
    await box.getByRole('button', { name: w.keep }).click();
    await box.waitFor({ state: 'detached' });
    await page.locator('.kept-order a[href="/account/orders"]').waitFor();
    assert.deepEqual(await mine(), [id]);
    await page.screenshot({ path: `${shots}/keep-${lang}-kept.png`, fullPage: true });
    assert.deepEqual(errors.filter((e) => !/401|Unauthorized/i.test(e)), []);
    await ctx.close();
  });
}

/// Signs `number` in through the API, as the shop's pages do: the session cookie.
async function apiSession(number) {
  const json = { 'content-type': 'application/json', origin: shop.base };
  await fetch(`${shop.base}/api/auth/code`, { method: 'POST', headers: json, body: JSON.stringify({ phone: number }) });
  const res = await fetch(`${shop.base}/api/auth/session`, { method: 'POST', headers: json, body: JSON.stringify({ phone: number, code: await lastCode(number), accepted: await accepted(shop.base, FOR_SIGN_IN) }) });
  assert.equal(res.status, 200);
  return res.headers.get('set-cookie').split(';')[0];
}

for (const lang of ['zh-CN', 'en-US']) {
  test(`signing in mid-checkout: the saved default wins over a guest's draft, which stays on offer (${lang})`, async () => {
    const number = lang === 'zh-CN' ? '13966667777' : '13988889999';
    // The account already ships to a default address.
    const cookie = await apiSession(number);
    const saved = await fetch(`${shop.base}/api/account/addresses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: shop.base, cookie },
      body: JSON.stringify({ recipient: '赵六', mobile: '13800138000', province: '上海市', city: '市辖区', district: '浦东新区', street: '世纪大道200号', postcode: '200120' }),
    });
    assert.equal(saved.status, 201, await saved.text());
    // As a guest, another address half typed at checkout.
    const { ctx, page } = await phone(browser, lang);
    await page.goto(`${shop.base}/p/walnut-halves?lang=${lang}`);
    await page.waitForSelector('.add-to-cart');
    await page.click('.add-to-cart');
    await page.goto(`${shop.base}/checkout/address?lang=${lang}`);
    await page.waitForSelector('#f-recipient');
    await page.fill('#f-recipient', '王五');
    await page.fill('#f-street', '人民路9号');
    // Signs in, and comes back to the checkout.
    await page.click('.account-link');
    await signInWith(page, number, lang);
    await page.locator('.account-phone').waitFor();
    await page.goto(`${shop.base}/checkout/address?lang=${lang}`);
    // The saved default is chosen, not the draft.
    await page.locator('.saved-addresses input[type=radio]:checked').waitFor();
    assert.ok((await page.textContent('.saved-choice.selected')).includes('世纪大道200号'));
    assert.equal(await page.isChecked('.new-address'), false);
    assert.equal(await page.locator('#f-street').count(), 0);
    await page.screenshot({ path: `${shots}/account-${lang}-default-over-draft.png`, fullPage: true });
    // "A new address" offers the draft back, as typed.
    await page.check('.new-address');
    await page.waitForSelector('#f-street');
    assert.equal(await page.inputValue('#f-street'), '人民路9号');
    assert.equal(await page.inputValue('#f-recipient'), '王五');
    // That choice stands across a reload.
    await page.reload();
    await page.waitForSelector('#f-street');
    assert.equal(await page.isChecked('.new-address'), true);
    assert.equal(await page.inputValue('#f-street'), '人民路9号');
    await ctx.close();
  });
}

// A deletion still waiting for its undo is finished when the shopper leaves
// the page for another of the shop's: it was meant.
test('a deletion is finished when the shopper leaves the page before the undo runs out', async () => {
  const number = '13912340000';
  const cookie = await apiSession(number);
  const json = { 'content-type': 'application/json', origin: shop.base, cookie };
  const saved = await fetch(`${shop.base}/api/account/addresses`, {
    method: 'POST', headers: json,
    body: JSON.stringify({ recipient: '钱七', mobile: '13800138000', province: '广东省', city: '深圳市', district: '南山区', street: '科技园路2号', postcode: '' }),
  });
  assert.equal(saved.status, 201, await saved.text());
  const count = async () => (await (await fetch(`${shop.base}/api/account/addresses`, { headers: json })).json()).length;
  const { ctx, page } = await phone(browser, 'zh-CN');
  await ctx.addCookies([{ name: cookie.split('=')[0], value: cookie.split('=').slice(1).join('='), url: shop.base }]);
  await page.goto(`${shop.base}/account/addresses`);
  await page.locator('.book-entry[data-address] .delete-address').click();
  await page.locator('.undo-bar:not([hidden])').waitFor();
  assert.equal(await count(), 1, 'not yet deleted: it can still be taken back');
  // Away at once, by the shop's own link (the app, not a new page load).
  await page.click('.logo');
  await page.waitForURL(`${shop.base}/`);
  for (let i = 0; i < 30 && (await count()) !== 0; i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(await count(), 0, 'deleted on leaving, well before the undo ran out');
  await ctx.close();
});
