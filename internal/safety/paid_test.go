package safety_test

import (
	"context"
	"testing"
)

// A payment already made is read in every language, whatever the intent, and a payment
// only asked for, feared or refused is not.
func TestPaidSigns(t *testing.T) {
	r := rules(t)
	paid := map[string]string{
		"i already paid him 50 yesterday":                 "en",
		"sent the gift cards like he said":                "en",
		"ya le mandé el dinero ayer":                      "es",
		"já fiz o pix de 200 reais":                       "pt",
		"j'ai déjà payé 100 euros":                        "fr",
		"ich hab ihm schon 50 euro überwiesen":            "de",
		"я уже перевёл ему 3000":                          "ru",
		"я вже переказав йому гроші":                      "uk",
		"خلاص دفعتله 500 جنيه":                            "ar",
		"دیروز کارت به کارت کردم براش":                    "fa",
		"maine usko 2000 pay kar diya":                    "hi",
		"aku udah transfer 500rb ke dia":                  "id",
		"aku udah kirim duitnya ke dia":                   "id",
		"ትናንት ብር ላክሁለት":                                   "am",
		"he has my pics. i paid him 100 and he wants 200": "en",
		// Said beside a refusal or a worry (a review found these missed).
		"you said dont pay but i already paid":              "en",
		"i paid him 100 and now he wants 200, should i pay": "en",
		"ya le pagué 50 y ahora quiere que le pague más":    "es",
		"já paguei e não vou pagar de novo":                 "pt",
		"udah bayar tapi gak mau bayar lagi":                "id",
		"pay kar diya lekin usne photo delete nahi kiya":    "hi",
		// A parent telling that the child paid.
		"my son already paid him 200 and he wants more":           "en",
		"she paid 200 on cash app and he still didnt delete them": "en",
		"i sent him the money and he hasnt sent the photos back":  "en",
		"il a payé mais il n'a pas supprimé les photos":           "fr",
		"er hat bezahlt aber die Bilder sind noch nicht gelöscht": "de",
		"meu filho já pagou 300 reais e o cara quer mais":         "pt",
		"mon fils a déjà payé 100 euros et il en veut encore":     "fr",
		"mein Sohn hat schon 200 Euro überwiesen":                 "de",
		"ابني دفع له 500 جنيه وهو لسه بيطلب":                      "ar",
		"پسرم بهش پول داده ولی باز هم میخواد":                     "fa",
		"ልጄ ብር ልኳል አሁንም ይጠይቃል":                                    "am",
		"mi hijo ya pagó 500 pesos y el tipo quiere más":          "es",
		"mi hija le transfirió 2000 y él sigue pidiendo":          "es",
		// An amount paid, with no child named (a parent on the steps, 2026-12-01 probes).
		"ya le pagó 2000 pesos":         "es",
		"ya le mandé 300 pesos":         "es",
		"er hat schon 200 euro bezahlt": "de",
		"उसने पहले ही 5000 रुपये दे दिए": "hi",
		"maine 2000 bhej diye":                "hi",
		"anak saya sudah kirim 500rb":         "id",
		"he already sent 200 dollars":         "en",
		"my son already sent him 300 dollars": "en",
	}
	for text, lang := range paid {
		if a := r.Assess(context.Background(), text, lang); !a.Paid {
			t.Errorf("%q (%s): not read as paid", text, lang)
		}
	}
	notPaid := map[string]string{
		"if i pay will he stop":                        "en",
		"i didnt pay him and i wont":                   "en",
		"he wants 100 by tonight":                      "en",
		"quiere que le pague 100 dólares":              "es",
		"se eu pagar ele apaga?":                       "pt",
		"il veut que je paye sinon il publie tout":     "fr",
		"soll ich zahlen?":                             "de",
		"если я заплачу он удалит?":                    "ru",
		"я не заплатив і не буду":                      "uk",
		"لو دفعت هيمسح الصور؟":                         "ar",
		"اگه پول بدم پاکشون میکنه؟":                    "fa",
		"agar paise nahi diye to photo viral kar dega": "hi",
		"aku belum bayar, dia ngancem terus":           "id",
		"ካልከፈልኩ ፎቶዬን እለቃለሁ ይላል":                        "am",
		// Demands, denials and conditionals a review found read as payments.
		"он требует чтобы я заплатил 5000 до вечера":             "ru",
		"я еще не перевел ему деньги":                            "ru",
		"він хоче щоб я заплатив 2000":                           "uk",
		"я ще не переказав гроші":                                "uk",
		"me pide que le mande el dinero hoy o publica las fotos": "es",
		"me exige que le deposite 100 dolares":                   "es",
		"no le mandé el dinero":                                  "es",
		"mi hijo no le pagó nada":                                "es",
		"si le pago a ese tipo mi hija estará a salvo?":          "es",
		"mi hija me pregunta si le pago":                         "es",
		"ich habe noch kein Geld überwiesen":                     "de",
		"er fragt ob ich schon bezahlt habe":                     "de",
		"il me demande si j'ai déjà payé":                        "fr",
		"je n'ai jamais envoyé de l'argent":                      "fr",
		"não fiz pix nenhum":                                     "pt",
		"ما دفعتله ولا قرش":                                      "ar",
		"حولت حسابي خاص":                                         "ar",
		"pay kar diya to photo delete karega?":                   "hi",
		"maine 2 photo bhej diye":                                "hi",
		"aku udah kirim 3 foto ke dia":                           "id",
		"aku udah kirim 2 gambar":                                "id",
		"aku udah kirim 1 lagi":                                  "id",
		"usne aur maange to maine 2 bhej diye":                   "hi",
		"2000 nahi bheje maine":                                  "hi",
		"dia nanya udah transfer belum":                          "id",
		"kalau udah bayar fotonya dihapus ga?":                   "id",
		"i never sent him money":                                 "en",
		"i have not yet paid him":                                "en",
		"he keeps asking whether i paid":                         "en",
		"i gave him the code and now hes in my account":          "en",
		"my son hasnt paid him anything":                         "en",
		// A second review: pictures sent are not money; a demand in Arabic is not a payment.
		"my son sent him pictures and now hes threatening to post them unless he pays": "en",
		"my daughter sent nudes to someone she met online":                             "en",
		"قال له ارسل المال وإلا سينشر الصور":                                           "ar",
		"o cara transferiu as fotos pro grupo":                                         "pt",
		"meu filho não pagou nada ainda":                                               "pt",
		// An amount asked for, planned or wondered about; money sent to the child.
		"ya le pago los 2000 pesos o que hago": "es",
		"si no le pago 500 pesos las publica":  "es",
		"mañana le pago 500 pesos":             "es",
		"er hat 200 euro verlangt":             "de",
		"अगर मैंने 5000 रुपये दे दिए तो क्या होगा": "hi",
		"he already sent me 200 dollars for pics":  "en",
		"mon fils n'a pas payé":             "fr",
		"mein Sohn hat noch nichts bezahlt": "de",
		"ابني ما دفع له شي":                 "ar",
		"پسرم پول نداده":                    "fa",
		"ልጄ አልከፈለም":                         "am",
	}
	for text, lang := range notPaid {
		if a := r.Assess(context.Background(), text, lang); a.Paid {
			t.Errorf("%q (%s): read as paid", text, lang)
		}
	}
}

// Asking how to send money to family or a friend is an everyday question, not a payment to a
// blackmailer (blind round 53: the rules or the intent backstop read sextortion into all
// five); the same words beside a threat are still sextortion. (Russian "как перевести деньги
// маме по сбп" is still read as sextortion: its off_topic rule matches, but the two sextortion
// backstops agree over it.)
func TestSendingMoneyToFamily(t *testing.T) {
	r := rules(t)
	ctx := context.Background()
	for _, c := range []struct{ lang, text, want string }{
		{"en", "how do i send money to my mum on paypal", "off_topic"},
		{"en", "whats the easiest way to send money to a friend", "off_topic"},
		{"hi", "paytm se mummy ko paise kaise bheju", "off_topic"},
		{"id", "gimana cara transfer pake dana ke temen", "off_topic"},
		{"uk", "як скинути гроші другу на карту моно", "off_topic"},
		{"en", "how can i send money to him he says he will post my pics", "sextortion"},
		{"hi", "paise kaise bheju warna wo photo viral kar dega", "sextortion"},
		{"id", "gimana cara transfer ke dia, katanya kalo ga foto aku disebar", "sextortion"},
		{"ru", "как перевести деньги ему, иначе он сольет мои фото", "sextortion"},
		{"uk", "як скинути гроші йому, бо він погрожує злити фото", "sextortion"},
	} {
		if a := r.Assess(ctx, c.text, c.lang); string(a.Intent) != c.want || a.Crisis {
			t.Errorf("%s %q: %s (crisis %v), want %s", c.lang, c.text, a.Intent, a.Crisis, c.want)
		}
	}
}
