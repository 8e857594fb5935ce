/* Story grouping over small article sets: the same event grouped, unrelated articles
 * apart, an article that mentions a second event kept with its main one, one-by-one
 * arrival equal to the batch, the time window, a daily thread that does not chain, a
 * story that stops at its cap, two events of one country kept apart, a new incident in a
 * town that an older story named starting its own story, which its reactions join, an
 * opinion piece on the day's big event joining it by its headlines' words, and two items
 * of a daily topic on one day kept apart. */
#include "common/harness.h"
#include "rasd.h"

struct art {
    const char *title, *text;
    const char *date;
    const char *places[6];
    const char *groups[6];
};

#define HASAKAH "hasakah"

/* An invented event: an attack on a prison in al-Hasakah over five days. */
static const struct art PRISON[] = {
    {"هجوم لداعش على سجن الصناعة في الحسكة",
     "شن عناصر من تنظيم داعش فجر الخميس هجوما على سجن الصناعة في حي غويران بمدينة "
     "الحسكة، وفجروا سيارة مفخخة عند بوابته. وقال المرصد السوري لحقوق الإنسان إن 23 "
     "من عناصر قوات سوريا الديمقراطية قتلوا في الاشتباكات التي تدور حول السجن الذي يضم "
     "آلاف المعتقلين من التنظيم.",
     "2022-01-20", {HASAKAH, HASAKAH}, {"sdf", "isis"}},
    {"ارتفاع حصيلة قتلى الهجوم على سجن غويران",
     "ارتفعت حصيلة القتلى في الهجوم الذي شنه تنظيم داعش على سجن الصناعة في حي غويران "
     "إلى 39 قتيلا بحسب المرصد السوري، بينما تواصل قوات سوريا الديمقراطية تمشيط الأحياء "
     "المحيطة بالسجن بحثا عن سجناء فارين.",
     "2022-01-21", {HASAKAH}, {"isis", "sdf"}},
    {"قسد تطوق السجن والاشتباكات مستمرة في الحسكة",
     "أعلنت قوات سوريا الديمقراطية في بيان أنها طوقت سجن الصناعة في غويران بالكامل، "
     "وأن مقاتليها استعادوا السيطرة على أجزاء من مبانيه، فيما تحدث المرصد عن 61 قتيلا "
     "من الطرفين منذ بدء الهجوم على السجن.",
     "2022-01-23", {HASAKAH, HASAKAH}, {"sdf", "isis"}},
    {"انتهاء عملية سجن غويران وحصيلة نهائية",
     "قالت قوات سوريا الديمقراطية إنها أنهت العملية في سجن الصناعة بحي غويران في "
     "الحسكة بعد استسلام المئات من عناصر داعش، وأفاد المرصد السوري بأن حصيلة القتلى "
     "بلغت 130 منذ بدء الهجوم على السجن.",
     "2022-01-27", {HASAKAH}, {"isis", "sdf"}},
};

/* A Syria report that also tells of an attack in Iraq, in its last paragraph. */
static const struct art MIXED = {
    "داعش يهاجم سجن الصناعة في الحسكة لليوم الثالث",
    "تتواصل الاشتباكات في محيط سجن الصناعة في حي غويران بمدينة الحسكة لليوم الثالث "
    "بين قوات سوريا الديمقراطية وعناصر تنظيم داعش الذين هاجموا السجن، وقال المرصد السوري "
    "إن عدد القتلى تجاوز خمسين، وإن قسد استقدمت تعزيزات إلى حي غويران وحاصرت مباني "
    "السجن.\n\nوفي العراق، قتل أحد عشر جنديا من الجيش العراقي في هجوم لداعش على ثكنة "
    "في ديالى.",
    "2022-01-22", {HASAKAH, HASAKAH, HASAKAH, "diyala"}, {"sdf", "isis", "iraqi_forces"}};

/* The Iraq attack on its own. */
static const struct art IRAQ = {
    "مقتل أحد عشر جنديا عراقيا في هجوم على ثكنة في ديالى",
    "قتل أحد عشر جنديا من الجيش العراقي فجر الجمعة في هجوم شنه مسلحون من تنظيم داعش على "
    "ثكنة عسكرية في منطقة العظيم بمحافظة ديالى شمال شرقي بغداد، وقالت خلية الإعلام الأمني "
    "إن المهاجمين استغلوا البرد الشديد وانسحبوا نحو الوديان القريبة من الثكنة.",
    "2022-01-21", {"diyala", "diyala"}, {"iraqi_forces", "isis"}};

static const struct art ECONOMY = {
    "ارتفاع أسعار النفط مع توقعات بزيادة الطلب",
    "ارتفعت أسعار النفط في الأسواق العالمية للأسبوع الرابع على التوالي، وسجل خام برنت "
    "أعلى مستوى له منذ سبع سنوات مع توقعات بزيادة الطلب وتراجع المخزونات الأمريكية، فيما "
    "قال محللون إن منظمة أوبك وحلفاءها يواجهون صعوبة في رفع الإنتاج.",
    "2022-01-22", {0}, {0}};

static const struct art SPORT = {
    "المنتخب يتأهل إلى نصف نهائي البطولة",
    "تأهل المنتخب الوطني لكرة القدم إلى الدور نصف النهائي من البطولة القارية بعد فوزه "
    "على منافسه بهدفين مقابل هدف في المباراة التي أقيمت مساء الأحد على الملعب الأولمبي، "
    "وسجل المهاجم هدف الفوز في الدقائق الأخيرة.",
    "2022-01-23", {0}, {0}};

static size_t nz(const char *const *a)
{
    size_t n = 0;
    while (n < 6 && a[n])
        n++;
    return n;
}

static void to_input(const struct art *a, int64_t key, int shift_days, rasd_story_input *in)
{
    memset(in, 0, sizeof *in);
    in->key = key;
    assert_int_equal(rasd_day_parse(a->date, strlen(a->date), &in->day), RASD_OK);
    in->day += shift_days;
    in->title = a->title;
    in->title_len = strlen(a->title);
    in->text = a->text;
    in->text_len = strlen(a->text);
    in->places = a->places;
    in->nplaces = nz(a->places);
    in->groups = a->groups;
    in->ngroups = nz(a->groups);
}

/* The story holding article number k, or -1. */
static long story_of(const rasd_story *s, size_t n, size_t k)
{
    for (size_t i = 0; i < n; i++)
        for (size_t d = 0; d < s[i].ndocs; d++)
            if (s[i].docs[d] == k)
                return (long)i;
    return -1;
}

/* 0 prison 20th, 1 prison 21st, 2 prison 23rd, 3 prison 27th, 4 mixed 22nd, 5 iraq 21st,
 * 6 economy 22nd, 7 sport 23rd; given out of order on purpose. */
#define NSET 8
static void build_set(rasd_story_input *in)
{
    static const size_t perm[NSET] = {3, 6, 0, 5, 7, 2, 4, 1};
    for (size_t i = 0; i < NSET; i++) {
        size_t k = perm[i];
        const struct art *a = k < 4 ? &PRISON[k] : k == 4 ? &MIXED : k == 5 ? &IRAQ
                              : k == 6 ? &ECONOMY : &SPORT;
        to_input(a, (int64_t)(10 + k), 0, &in[k]);
    }
}

static void test_grouping(void **state)
{
    (void)state;
    rasd_story_input in[NSET];
    build_set(in);
    rasd_story *s;
    size_t n;
    assert_int_equal(rasd_stories_build(in, NSET, &s, &n), RASD_OK);
    /* every article in exactly one story */
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += s[i].ndocs;
    assert_int_equal(total, NSET);
    for (size_t k = 0; k < NSET; k++)
        assert_true(story_of(s, n, k) >= 0);
    long prison = story_of(s, n, 0);
    for (size_t k = 1; k < 4; k++)
        assert_int_equal(story_of(s, n, k), prison);
    /* the Syria report that mentions Iraq stays with the prison attack */
    assert_int_equal(story_of(s, n, 4), prison);
    /* the Iraq attack, the economy and the sport are stories of their own */
    assert_int_not_equal(story_of(s, n, 5), prison);
    assert_int_not_equal(story_of(s, n, 6), prison);
    assert_int_not_equal(story_of(s, n, 7), prison);
    assert_int_not_equal(story_of(s, n, 6), story_of(s, n, 5));
    assert_int_not_equal(story_of(s, n, 7), story_of(s, n, 6));
    assert_int_equal(n, 4);
    /* the story: its key, dates, publication order, places and groups */
    const rasd_story *p = &s[prison];
    assert_int_equal(p->key, 10);
    char d[11];
    rasd_day_format(p->first, d);
    assert_string_equal(d, "2022-01-20");
    rasd_day_format(p->last, d);
    assert_string_equal(d, "2022-01-27");
    static const size_t order[] = {0, 1, 4, 2, 3};
    assert_int_equal(p->ndocs, 5);
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(p->docs[i], order[i]);
    assert_true(p->nplaces >= 1);
    assert_string_equal(p->places[0], "hasakah");
    assert_true(p->ngroups >= 2);
    /* stories come by first day */
    for (size_t i = 1; i < n; i++)
        assert_true(s[i - 1].first <= s[i].first);
    rasd_stories_free(s, n);
}

static int same_partition(const rasd_story *a, size_t na, const rasd_story *b, size_t nb,
                          size_t narts)
{
    if (na != nb)
        return 0;
    for (size_t x = 0; x < narts; x++)
        for (size_t y = 0; y < narts; y++)
            if ((story_of(a, na, x) == story_of(a, na, y)) !=
                (story_of(b, nb, x) == story_of(b, nb, y)))
                return 0;
    return 1;
}

static void test_incremental_equals_batch(void **state)
{
    (void)state;
    rasd_story_input in[NSET];
    build_set(in);
    rasd_story *batch, *inc;
    size_t nb, ni;
    assert_int_equal(rasd_stories_build(in, NSET, &batch, &nb), RASD_OK);
    /* one by one in publication order, taking a snapshot midway */
    static const size_t pub[NSET] = {0, 1, 5, 4, 6, 2, 7, 3};
    rasd_clusterer *c;
    assert_int_equal(rasd_clusterer_create(&c), RASD_OK);
    for (size_t i = 0; i < NSET; i++) {
        size_t sid;
        assert_int_equal(rasd_clusterer_add(c, &in[pub[i]], &sid), RASD_OK);
        if (i == 3) {
            rasd_story *mid;
            size_t nm;
            assert_int_equal(rasd_clusterer_stories(c, &mid, &nm), RASD_OK);
            assert_int_equal(nm, 2); /* the prison (with the mixed report) and Iraq */
            rasd_stories_free(mid, nm);
        }
    }
    assert_int_equal(rasd_clusterer_stories(c, &inc, &ni), RASD_OK);
    /* incremental numbers are order of adding: map them to the input's */
    for (size_t i = 0; i < ni; i++)
        for (size_t k = 0; k < inc[i].ndocs; k++)
            inc[i].docs[k] = pub[inc[i].docs[k]];
    assert_true(same_partition(batch, nb, inc, ni, NSET));
    for (size_t i = 0; i < nb; i++)
        assert_int_equal(batch[i].key, inc[i].key);
    rasd_stories_free(batch, nb);
    rasd_stories_free(inc, ni);
    rasd_clusterer_free(c);
    rasd_clusterer_free(NULL);
}

/* A clusterer put away midway and read back goes on as if it never stopped: the same
 * stories, with the same keys, places and sides, as the batch. */
static void test_saved_state(void **state)
{
    (void)state;
    rasd_story_input in[NSET];
    build_set(in);
    rasd_story *batch, *inc;
    size_t nb, ni;
    assert_int_equal(rasd_stories_build(in, NSET, &batch, &nb), RASD_OK);
    static const size_t pub[NSET] = {0, 1, 5, 4, 6, 2, 7, 3};
    rasd_clusterer *c;
    assert_int_equal(rasd_clusterer_create(&c), RASD_OK);
    for (size_t i = 0; i < NSET; i++) {
        assert_int_equal(rasd_clusterer_add(c, &in[pub[i]], NULL), RASD_OK);
        if (i == 2 || i == 5) {
            char *bytes;
            size_t len;
            assert_int_equal(rasd_clusterer_save(c, &bytes, &len), RASD_OK);
            rasd_clusterer_free(c);
            c = NULL;
            /* a damaged state is refused, not misread */
            assert_int_equal(rasd_clusterer_load(bytes, len - 1, &c), RASD_EPARSE);
            assert_null(c);
            assert_int_equal(rasd_clusterer_load(bytes, len, &c), RASD_OK);
            free(bytes);
            const int64_t *keys;
            size_t nk;
            assert_int_equal(rasd_clusterer_keys(c, &keys, &nk), RASD_OK);
            assert_int_equal(nk, i + 1);
            assert_int_equal(keys[i], in[pub[i]].key);
        }
    }
    assert_int_equal(rasd_clusterer_stories(c, &inc, &ni), RASD_OK);
    for (size_t i = 0; i < ni; i++)
        for (size_t k = 0; k < inc[i].ndocs; k++)
            inc[i].docs[k] = pub[inc[i].docs[k]];
    assert_true(same_partition(batch, nb, inc, ni, NSET));
    assert_int_equal(nb, ni);
    for (size_t i = 0; i < nb; i++) {
        assert_int_equal(batch[i].key, inc[i].key);
        assert_int_equal(batch[i].nplaces, inc[i].nplaces);
        for (size_t k = 0; k < batch[i].nplaces; k++)
            assert_string_equal(batch[i].places[k], inc[i].places[k]);
    }
    rasd_stories_free(batch, nb);
    rasd_stories_free(inc, ni);
    rasd_clusterer_free(c);
}

static size_t nz4(const char *const *a)
{
    size_t n = 0;
    while (n < 4 && a[n])
        n++;
    return n;
}

struct names_seen {
    const char **ids;
    size_t *n;
};

static int seen_name(void *ud, int kind, const char *id)
{
    struct names_seen *s = ud;
    if (kind == RASD_NAME_PLACE && *s->n < 4)
        s->ids[(*s->n)++] = id;
    return 0;
}

/* An invented day of news: three reports of other places, then a bombing in a mosque in
 * Abha told first by its toll, then by the wounded in hospital (a second story, as those
 * reports begin with other words), the two joined by a report that tells both; four days
 * later the funeral, whose text names no place and whose title names the town. */
struct lart {
    const char *title, *text, *date;
    const char *places[4];
    const char *lead[4];
};
static const struct lart ABHA[] = {
 {"مقتل 7 جنود في هجوم على نقطة تفتيش في الرمادي",
  "قتل سبعة جنود عراقيين في هجوم شنه مسلحون على نقطة تفتيش عند المدخل الشرقي لمدينة الرمادي، وقالت مصادر أمنية إن المهاجمين انسحبوا بعد اشتباك استمر ساعة.",
  "2015-08-05", {"ramadi","ramadi"}, {"ramadi"}},
 {"اشتباكات في التواهي وخور مكسر بعدن",
  "تجددت الاشتباكات بين المقاومة الشعبية والحوثيين في مديرية التواهي وحي خور مكسر بمدينة عدن، وقالت مصادر محلية إن قذائف سقطت على أحياء سكنية وأصابت عددا من المدنيين.",
  "2015-08-05", {"aden","aden"}, {"aden"}},
 {"غارات على مواقع في دير الزور",
  "شنت طائرات التحالف غارات على مواقع لتنظيم داعش في ريف دير الزور الشرقي، وقال المرصد السوري إن الغارات أصابت مستودعات للذخيرة ومقرات للتنظيم قرب مدينة الميادين.",
  "2015-08-06", {"deir_ez_zor","deir_ez_zor"}, {"deir_ez_zor"}},
 {"مقتل 15 من رجال الأمن في تفجير انتحاري داخل مسجد بأبها",
  "فجر انتحاري نفسه ظهر الخميس داخل مسجد مقر قوات الطوارئ الخاصة في مدينة أبها أثناء صلاة الظهر، ما أدى إلى مقتل 15 من رجال الأمن وإصابة 9 آخرين، وقالت وزارة الداخلية إن الانتحاري دخل المسجد بحزام ناسف.",
  "2015-08-06", {"abha","abha"}, {"abha","abha"}},
 {"الداخلية: انتحاري بحزام ناسف وراء تفجير مسجد الطوارئ",
  "أعلن المتحدث الأمني لوزارة الداخلية أن الانتحاري الذي فجر نفسه في مسجد قوات الطوارئ الخاصة كان يرتدي حزاما ناسفا، وأن التفجير وقع أثناء أداء منسوبي القوات صلاة الظهر.",
  "2015-08-06", {0}, {0}},
 {"أمير المنطقة يزور المصابين ويطمئن على حالتهم الصحية",
  "زار أمير المنطقة المصابين في مستشفى عسير المركزي واطمأن على حالتهم الصحية، ونقل لهم تحيات القيادة وتمنياتها لهم بالشفاء العاجل، واستمع من الأطباء إلى شرح عن الحالات التي تتلقى العلاج.",
  "2015-08-07", {0}, {0}},
 {"المصابون يتلقون العلاج والأطباء: حالتهم مستقرة",
  "قال مدير المستشفى إن مصابي تفجير مسجد قوات الطوارئ الخاصة الذين نقلوا إلى المستشفى بعد أن فجر الانتحاري نفسه أثناء صلاة الظهر يتلقون العلاج وإن حالتهم الصحية مستقرة، وإن أمير المنطقة زار المصابين.",
  "2015-08-07", {0}, {0}},
 {"أمير المنطقة يزور مصابي تفجير مسجد الطوارئ في المستشفى",
  "زار أمير المنطقة المصابين في تفجير مسجد قوات الطوارئ الخاصة الذي نفذه انتحاري بحزام ناسف أثناء صلاة الظهر، واطمأن على حالتهم الصحية في المستشفى ونقل لهم تحيات القيادة.",
  "2015-08-07", {0}, {0}},
 {"تشييع جثامين شهداء الواجب في أبها",
  "شيع آلاف المواطنين ظهر الأحد جثامين شهداء الواجب من رجال الأمن الذين استشهدوا في التفجير الانتحاري الذي استهدف المسجد أثناء صلاة الظهر إلى مثواهم الأخير، وسط حضور رسمي وشعبي كبير، وقدم المعزون التعازي لذوي الشهداء.",
  "2015-08-10", {0}, {"abha"}},
};
#define NABHA (sizeof ABHA / sizeof *ABHA)

/* The lead names of each article: its title's and its text's (the store's part). */
static void abha_input(rasd_story_input *in, int leads)
{
    for (size_t i = 0; i < NABHA; i++) {
        const struct lart *a = &ABHA[i];
        memset(&in[i], 0, sizeof in[i]);
        in[i].key = (int64_t)i + 1;
        assert_int_equal(rasd_day_parse(a->date, 10, &in[i].day), RASD_OK);
        in[i].title = a->title;
        in[i].title_len = strlen(a->title);
        in[i].text = a->text;
        in[i].text_len = strlen(a->text);
        in[i].places = a->places;
        in[i].nplaces = nz4(a->places);
        if (leads) {
            in[i].lead_places = a->lead;
            in[i].nlead_places = nz4(a->lead);
        }
    }
}

static size_t story_no(rasd_clusterer *c, const rasd_story_input *in)
{
    size_t sid;
    assert_int_equal(rasd_clusterer_add(c, in, &sid), RASD_OK);
    return sid;
}

/* The wounded's story is a fragment of the bombing's: the report that tells both merges
 * them. */
static void test_fragments_merged(void **state)
{
    (void)state;
    rasd_story_input in[NABHA];
    abha_input(in, 1);
    rasd_clusterer *c;
    size_t sid[NABHA];
    assert_int_equal(rasd_clusterer_create(&c), RASD_OK);
    for (size_t i = 0; i < 7; i++)
        sid[i] = story_no(c, &in[i]);
    assert_int_equal(sid[3], sid[4]);     /* the toll and the ministry's statement */
    assert_int_not_equal(sid[5], sid[3]); /* the hospital visit starts its own */
    assert_int_equal(sid[6], sid[5]);
    story_no(c, &in[7]);                  /* the visit to the wounded of the bombing */
    rasd_story *s;
    size_t n;
    assert_int_equal(rasd_clusterer_stories(c, &s, &n), RASD_OK);
    for (size_t k = 4; k <= 7; k++)
        assert_int_equal(story_of(s, n, k), story_of(s, n, 3));
    assert_int_not_equal(story_of(s, n, 0), story_of(s, n, 3));
    rasd_stories_free(s, n);
    rasd_clusterer_free(c);
}

/* Four days on, past the days when any similar report joins, the funeral joins the
 * bombing's story by the town its title names, found as the store finds it; without
 * the title's town it is a story of its own. */
static void test_title_place(void **state)
{
    (void)state;
    rasd_story_input in[NABHA];
    rasd_extractor *x;
    const char *found[4] = {0};
    size_t nfound = 0;
    assert_int_equal(rasd_extractor_create(&x), RASD_OK);
    const struct lart *f = &ABHA[NABHA - 1];
    struct names_seen ns = {found, &nfound};
    assert_int_equal(rasd_extract_names(x, f->title, strlen(f->title), 60, seen_name, &ns),
                     RASD_OK);
    assert_int_equal(nfound, 1);
    assert_string_equal(found[0], "abha");
    for (int leads = 0; leads <= 1; leads++) {
        abha_input(in, 1);
        in[NABHA - 1].lead_places = leads ? found : NULL;
        in[NABHA - 1].nlead_places = leads ? nfound : 0;
        rasd_story *s;
        size_t n;
        assert_int_equal(rasd_stories_build(in, NABHA, &s, &n), RASD_OK);
        if (leads)
            assert_int_equal(story_of(s, n, NABHA - 1), story_of(s, n, 3));
        else
            assert_int_not_equal(story_of(s, n, NABHA - 1), story_of(s, n, 3));
        rasd_stories_free(s, n);
    }
    rasd_extractor_free(x);
}

static void test_window(void **state)
{
    (void)state;
    /* the same wording two months apart is two stories */
    rasd_story_input in[2];
    to_input(&PRISON[1], 1, 0, &in[0]);
    to_input(&PRISON[1], 2, 60, &in[1]);
    rasd_story *s;
    size_t n;
    assert_int_equal(rasd_stories_build(in, 2, &s, &n), RASD_OK);
    assert_int_equal(n, 2);
    rasd_stories_free(s, n);
    in[1].day -= 56; /* four days later: one story */
    assert_int_equal(rasd_stories_build(in, 2, &s, &n), RASD_OK);
    assert_int_equal(n, 1);
    assert_int_equal(s[0].ndocs, 2);
    rasd_stories_free(s, n);
}

/* Oil reports of five trading days, worded alike: each day's close is its own event. */
static const char *const OIL[] = {
    "النفط يرتفع مع تراجع المخزونات الأمريكية",
    "النفط يتراجع مع صعود الدولار وتخمة المعروض",
    "النفط يستقر قرب أدنى مستوى في ستة أشهر",
    "النفط يهبط مع تراجع الأسهم الصينية",
    "النفط يرتفع بعد بيانات أمريكية قوية",
};

static void test_daily_thread(void **state)
{
    (void)state;
    rasd_story_input in[5];
    struct art a[5];
    for (int i = 0; i < 5; i++) {
        memset(&a[i], 0, sizeof a[i]);
        a[i].title = OIL[i];
        a[i].text = "سجلت أسعار النفط في تعاملات اليوم تغيرا في العقود الآجلة لخام برنت "
                    "والخام الأمريكي، وقال متعاملون إن الأسواق تترقب بيانات المخزونات "
                    "الأمريكية وقرارات منظمة أوبك بشأن الإنتاج في الأسابيع المقبلة.";
        a[i].date = "2015-07-27";
        to_input(&a[i], 100 + i, i, &in[i]);
    }
    rasd_story *s;
    size_t n;
    assert_int_equal(rasd_stories_build(in, 5, &s, &n), RASD_OK);
    assert_int_equal(n, 5);
    rasd_stories_free(s, n);
}

/* The same report every day for two weeks is not one story: it stops at the cap. */
static void test_cap(void **state)
{
    (void)state;
    rasd_story_input in[14];
    for (int i = 0; i < 14; i++)
        to_input(&ECONOMY, 200 + i, i, &in[i]);
    for (int i = 0; i < 14; i++)
        in[i].day += 1000;
    rasd_story *s;
    size_t n;
    assert_int_equal(rasd_stories_build(in, 14, &s, &n), RASD_OK);
    assert_true(n >= 2);
    for (size_t i = 0; i < n; i++)
        assert_true(s[i].last - s[i].first <= 9);
    rasd_stories_free(s, n);
}

/* Two bombings in Turkey five days apart, both told with the country, the same sides and
 * the words of a bombing: two events, told apart by the town. */
static const struct art SURUC[] = {
    {"مقتل 32 في تفجير انتحاري في سروج جنوب تركيا",
     "قتل 32 شخصا وأصيب نحو مئة في تفجير انتحاري استهدف تجمعا لناشطين شبان في مركز ثقافي "
     "في بلدة سروج التركية قرب الحدود السورية، واتهمت الحكومة التركية تنظيم داعش بالوقوف "
     "وراء التفجير.",
     "2015-07-20", {"suruc", "suruc", "tr"}, {"civilians", "isis"}},
    {"تركيا تحدد هوية انتحاري سروج",
     "أعلنت السلطات التركية أنها حددت هوية الانتحاري الذي فجر نفسه في بلدة سروج، وقالت إنه "
     "شاب تركي في العشرين من عمره انضم إلى تنظيم داعش في سوريا، فيما ارتفعت حصيلة التفجير "
     "إلى 32 قتيلا.",
     "2015-07-21", {"suruc", "tr"}, {"civilians", "isis"}},
};
static const struct art LICE[] = {
    {"مقتل جنديين في تفجير سيارة مفخخة في ديار بكر جنوب تركيا",
     "قتل جنديان تركيان وأصيب أربعة آخرون في تفجير سيارة مفخخة استهدف قافلة عسكرية قرب "
     "بلدة ليجه في محافظة ديار بكر جنوب شرق تركيا، واتهمت الحكومة التركية حزب العمال "
     "الكردستاني بالوقوف وراء التفجير.",
     "2015-07-25", {"diyarbakir", "diyarbakir", "tr"}, {"turkey", "pkk"}},
    {"تركيا: مقتل جنديين في تفجير ديار بكر",
     "قالت رئاسة الأركان التركية إن جنديين قتلا في تفجير سيارة مفخخة استهدف قافلة عسكرية في "
     "ديار بكر، وإن الجيش رد بقصف مواقع للمسلحين في المنطقة.",
     "2015-07-26", {"diyarbakir", "tr"}, {"turkey", "pkk"}},
};

static void test_two_events_one_country(void **state)
{
    (void)state;
    rasd_story_input in[4];
    to_input(&SURUC[0], 1, 0, &in[0]);
    to_input(&SURUC[1], 2, 0, &in[1]);
    to_input(&LICE[0], 3, 0, &in[2]);
    to_input(&LICE[1], 4, 0, &in[3]);
    rasd_story *s;
    size_t n;
    assert_int_equal(rasd_stories_build(in, 4, &s, &n), RASD_OK);
    assert_int_equal(story_of(s, n, 0), story_of(s, n, 1));
    assert_int_equal(story_of(s, n, 2), story_of(s, n, 3));
    assert_int_not_equal(story_of(s, n, 0), story_of(s, n, 2));
    rasd_stories_free(s, n);
}

/* A festival in a town, told for a week, then a bombing there and the condolences after
 * it: the bombing is a new incident and starts its own story, which the condolences (from
 * another town, naming the province) join; the festival's story takes neither. */
static const struct art FESTIVAL = {
    "مهرجان أبها يستقبل آلاف الزوار في أسبوعه الثاني",
    "يواصل مهرجان أبها الصيفي فعالياته في منطقة عسير بمشاركة فرق شعبية وعروض مسرحية "
    "ومعارض للحرف اليدوية، وقال مدير المهرجان إن عدد زوار المهرجان تجاوز مئة ألف زائر "
    "منذ انطلاقه، وإن الفعاليات تتواصل في منتزهات أبها حتى نهاية الإجازة، فيما تتولى "
    "قوات الطوارئ الخاصة والدفاع المدني تنظيم حركة الزوار حول مسجد المنتزه.",
    "2015-07-31", {0}, {0}};
static const struct art BOMBING = {
    "مقتل 15 في تفجير انتحاري استهدف مسجدا لقوات الطوارئ في عسير",
    "قتل 15 شخصا معظمهم من رجال الأمن في تفجير انتحاري استهدف مسجدا داخل مقر قوات "
    "الطوارئ الخاصة في منطقة عسير أثناء صلاة الظهر، وأعلنت وزارة الداخلية أن الانتحاري "
    "فجر حزامه الناسف بين المصلين في مسجد الطوارئ، وأن فرق الدفاع المدني نقلت المصابين "
    "إلى مستشفيات أبها التي يزورها آلاف زوار المهرجان الصيفي.",
    "2015-08-06", {"asir_region", "asir_region"}, {"civilians"}};
static const struct art CONDOLENCE = {
    "أمير تبوك يعزي أسر شهداء تفجير مسجد الطوارئ",
    "قدم أمير منطقة تبوك التعازي لأسر شهداء الواجب الذين سقطوا في الحادث الإرهابي الذي "
    "استهدف المصلين في مسجد الطوارئ بمنطقة عسير، ودعا الله أن يتغمدهم برحمته وأن يحفظ "
    "هذه البلاد من كيد الحاقدين والمفسدين.",
    "2015-08-09", {0}, {0}};

/* 36 reports of other events elsewhere in the weeks before, keyed from key0, so that a
 * province says which event an article is of (what every article names tells nothing). */
static void add_elsewhere(rasd_story_input *in, size_t *n, int64_t key0)
{
    for (int r = 0; r < 4; r++) {
        int back = -40 * r - 1;
        for (int k = 0; k < 4; k++)
            to_input(&PRISON[k], key0 + 10 * r + k, back - 2376, &in[(*n)++]);
        to_input(&IRAQ, key0 + 10 * r + 4, back - 2376, &in[(*n)++]);
        to_input(&SURUC[0], key0 + 10 * r + 5, back, &in[(*n)++]);
        to_input(&SURUC[1], key0 + 10 * r + 6, back, &in[(*n)++]);
        to_input(&LICE[0], key0 + 10 * r + 7, back, &in[(*n)++]);
        to_input(&LICE[1], key0 + 10 * r + 8, back, &in[(*n)++]);
    }
}

static void test_new_incident(void **state)
{
    (void)state;
    static const char *const asir[] = {"asir_region", "abha"};
    static const char *const condolence[] = {"tabuk", "asir_region"};
    rasd_story_input in[48];
    size_t n = 0;
    for (int d = 0; d < 4; d++) { /* the festival, 31 July to 3 August */
        to_input(&FESTIVAL, 100 + d, d, &in[n]);
        in[n].lead_places = asir;
        in[n++].nlead_places = 2;
    }
    add_elsewhere(in, &n, 200);
    size_t bomb = n;
    to_input(&BOMBING, 300, 0, &in[n]);
    in[n].lead_places = asir;
    in[n++].nlead_places = 2;
    size_t cond = n;
    to_input(&CONDOLENCE, 301, 0, &in[n]);
    in[n].lead_places = condolence;
    in[n++].nlead_places = 2;
    rasd_story *s;
    size_t ns;
    assert_int_equal(rasd_stories_build(in, n, &s, &ns), RASD_OK);
    assert_int_equal(story_of(s, ns, bomb), story_of(s, ns, cond));
    assert_int_not_equal(story_of(s, ns, 0), story_of(s, ns, bomb));
    assert_int_equal(s[story_of(s, ns, bomb)].ndocs, 2);
    rasd_stories_free(s, ns);
}

static const struct art BORDER = {
    "استشهاد 4 من رجال الأمن في منطقة عسير بقذائف من داخل الأراضي اليمنية",
    "أعلنت وزارة الداخلية استشهاد أربعة من رجال الأمن وإصابة ثمانية في منطقة عسير إثر "
    "تعرض أحد المراكز الأمنية لقذائف عسكرية من داخل الأراضي اليمنية، وقال المتحدث الأمني "
    "لوزارة الداخلية إن المصابين نقلوا إلى مستشفيات أبها وإن رجال الأمن تصدوا للاعتداء.",
    "2015-07-31", {"asir_region", "asir_region"}, {"saudi_coalition"}};

/* A toll counted at a place the story's figures last counted days ago is a new incident
 * there: the Emergency Forces mosque bombing of 6 August in Asir is not the border
 * shelling of 31 July to 2 August, though both count the dead «في منطقة عسير»; a report
 * of the shelling on its third day still is. */
static void test_old_toll_is_new_incident(void **state)
{
    (void)state;
    rasd_story_input in[40];
    size_t n = 0;
    for (int d = 0; d < 3; d++)
        to_input(&BORDER, 100 + d, d, &in[n++]);
    add_elsewhere(in, &n, 300);
    size_t bomb = n;
    to_input(&BOMBING, 200, 0, &in[n++]);
    rasd_story *s;
    size_t ns;
    assert_int_equal(rasd_stories_build(in, n, &s, &ns), RASD_OK);
    assert_int_equal(story_of(s, ns, 0), story_of(s, ns, 2));
    assert_int_not_equal(story_of(s, ns, 0), story_of(s, ns, bomb));
    rasd_stories_free(s, ns);
}

static const struct art OPINION = {
    "شهداء الطوارئ",
    "يا من تظنون أن قتل الأبرياء يخدم قضيتكم، إن هذا الوطن أقوى من حقدكم وأكبر من "
    "أوهامكم، وستبقى دماء شهداء الطوارئ شاهدة على جرمكم، فالتفجير الانتحاري في بيت من بيوت الله "
    "لا يصنع إلا مزيدا من التلاحم بين القيادة والشعب، ونحن نقف صفا واحدا في وجه الفكر "
    "الضال والغلو والتكفير الذي يغرر بالشباب ويزين لهم سفك الدماء.",
    "2015-08-06", {0}, {0}};
/* The day's big event, reported by 22 articles on its day: an opinion piece on it shares
 * few of the reports' words but speaks of it in their headlines' words (the Emergency
 * Forces, the suicide bombing) and joins it. */
static void test_opinion_on_big_event(void **state)
{
    (void)state;
    static const char *const asir[] = {"asir_region", "abha"};
    rasd_story_input in[160];
    size_t n = 0;
    for (int r = 0; r < 3; r++)
        add_elsewhere(in, &n, 1000 + 100 * r);
    size_t bomb = n;
    for (int k = 0; k < 22; k++) {
        to_input(&BOMBING, 200 + k, 0, &in[n]);
        in[n].lead_places = asir;
        in[n++].nlead_places = 2;
    }
    size_t op = n;
    to_input(&OPINION, 300, 0, &in[n++]);
    rasd_story *s;
    size_t ns;
    assert_int_equal(rasd_stories_build(in, n, &s, &ns), RASD_OK);
    long big = story_of(s, ns, bomb);
    assert_int_equal(s[big].ndocs, 23);
    assert_int_equal(story_of(s, ns, op), big);
    rasd_stories_free(s, ns);
}

/* A routine thread begun days before the incident (the calls a prince receives) and a
 * call of condolence on the incident's day, worded as the thread's items: the thread
 * takes it by its set words, the busy incident's story too, and the incident is what is
 * new in it. */
static const char *const CALLERS[] = {"ولي عهد أبوظبي", "ملك الأردن", "أمير الكويت",
                                      "رئيس وزراء باكستان"};
static void test_condolence_call_joins_incident(void **state)
{
    (void)state;
    static const char *const asir[] = {"asir_region", "abha"};
    static char titles[4][160], texts[4][600];
    struct art calls[4];
    rasd_story_input in[160];
    size_t n = 0;
    for (int r = 0; r < 3; r++)
        add_elsewhere(in, &n, 1000 + 100 * r);
    for (int d = 0; d < 4; d++) { /* 2 to 5 August */
        snprintf(titles[d], sizeof titles[d], "نائب خادم الحرمين يتلقى اتصالا هاتفيا من %s",
                 CALLERS[d]);
        snprintf(texts[d], sizeof texts[d],
                 "تلقى صاحب السمو الملكي الأمير محمد بن نايف ولي العهد نائب رئيس مجلس الوزراء "
                 "وزير الداخلية اتصالا هاتفيا من %s، جرى خلاله استعراض العلاقات الثنائية بين "
                 "البلدين الشقيقين وبحث مستجدات الأوضاع في المنطقة.", CALLERS[d]);
        calls[d] = (struct art){titles[d], texts[d], "2015-08-02", {0}, {0}};
        to_input(&calls[d], 100 + d, d, &in[n++]);
    }
    size_t bomb = n;
    for (int k = 0; k < 22; k++) {
        to_input(&BOMBING, 200 + k, 0, &in[n]);
        in[n].lead_places = asir;
        in[n++].nlead_places = 2;
    }
    static const struct art condolence = {
        "نائب خادم الحرمين يتلقى اتصالا هاتفيا من ملك البحرين معزيا في شهداء تفجير مسجد الطوارئ",
        "تلقى صاحب السمو الملكي الأمير محمد بن نايف ولي العهد نائب رئيس مجلس الوزراء وزير "
        "الداخلية اتصالا هاتفيا من ملك البحرين، قدم خلاله العزاء في شهداء الواجب من رجال "
        "الأمن الذين سقطوا في التفجير الانتحاري الذي استهدف مسجد قوات الطوارئ الخاصة في "
        "منطقة عسير أثناء صلاة الظهر.",
        "2015-08-06", {0}, {0}};
    size_t call = n;
    to_input(&condolence, 300, 0, &in[n++]);
    rasd_story *s;
    size_t ns;
    assert_int_equal(rasd_stories_build(in, n, &s, &ns), RASD_OK);
    long thread = story_of(s, ns, bomb - 4), big = story_of(s, ns, bomb);
    if (s[thread].ndocs < 4)
        fail_msg("the calls of 2-5 August make %zu stories, wanted one", s[thread].ndocs);
    assert_int_not_equal(thread, big);
    long got = story_of(s, ns, call);
    if (got != big)
        fail_msg("the condolence call is in a story of %zu (the calls' story: %s), wanted the "
                 "bombing's story of 22", s[got].ndocs, got == thread ? "yes" : "no");
    rasd_stories_free(s, ns);
}

static void test_same_day_items(void **state)
{
    (void)state;
    /* two oil reports of one day are two items; the same report re-posted is one */
    rasd_story_input in[3];
    struct art a[3];
    for (int i = 0; i < 3; i++) {
        memset(&a[i], 0, sizeof a[i]);
        a[i].title = OIL[i == 2 ? 0 : i];
        a[i].text = "سجلت أسعار النفط في تعاملات اليوم تغيرا في العقود الآجلة لخام برنت "
                    "والخام الأمريكي، وقال متعاملون إن الأسواق تترقب بيانات المخزونات "
                    "الأمريكية وقرارات منظمة أوبك بشأن الإنتاج في الأسابيع المقبلة.";
        a[i].date = "2015-07-27";
        to_input(&a[i], 100 + i, 0, &in[i]);
    }
    rasd_story *s;
    size_t n;
    assert_int_equal(rasd_stories_build(in, 3, &s, &n), RASD_OK);
    assert_int_equal(n, 2);
    assert_int_equal(story_of(s, n, 0), story_of(s, n, 2));
    rasd_stories_free(s, n);
}

static void test_odd_input(void **state)
{
    (void)state;
    rasd_story_input in[3];
    memset(in, 0, sizeof in);
    in[0].key = 5;
    in[0].day = RASD_DAY_UNKNOWN;
    static const char junk[] = "\xff\xfe\x00 \xd8";
    in[1].key = 6;
    in[1].day = 19000;
    in[1].text = junk;
    in[1].text_len = sizeof junk - 1;
    in[2] = in[1];
    in[2].text = NULL; /* NULL text with a length is refused */
    rasd_story *s;
    size_t n;
    assert_int_equal(rasd_stories_build(in, 2, &s, &n), RASD_OK);
    assert_int_equal(n, 2);
    rasd_stories_free(s, n);
    assert_int_equal(rasd_stories_build(in, 3, &s, &n), RASD_EINVAL);
    assert_int_equal(rasd_stories_build(NULL, 0, &s, &n), RASD_OK);
    assert_int_equal(n, 0);
}

static void test_story_json(void **state)
{
    (void)state;
    rasd_story_input in[NSET];
    build_set(in);
    rasd_story *s;
    size_t n;
    assert_int_equal(rasd_stories_build(in, NSET, &s, &n), RASD_OK);
    static const char *const ids[NSET] = {"000", "001", "002", "003", "004", "005", "006",
                                          "007"};
    long p = story_of(s, n, 0);
    char *js;
    size_t len;
    assert_int_equal(rasd_story_json(&s[p], "t", ids, &js, &len), RASD_OK);
    assert_non_null(strstr(js, "{\"type\":\"story\",\"id\":\"s10\",\"title\":\"t\","
                               "\"first\":\"2022-01-20\",\"last\":\"2022-01-27\","
                               "\"docs\":[\"000\",\"001\",\"004\",\"002\",\"003\"],"
                               "\"places\":[\"hasakah\""));
    assert_int_equal(js[len - 1], '\n');
    free(js);
    rasd_stories_free(s, n);
}

static void test_days(void **state)
{
    (void)state;
    int32_t d;
    char out[11];
    assert_int_equal(rasd_day_parse("1970-01-01", 10, &d), RASD_OK);
    assert_int_equal(d, 0);
    assert_int_equal(rasd_day_parse("2015-07-21 02:51:32", 19, &d), RASD_OK);
    rasd_day_format(d, out);
    assert_string_equal(out, "2015-07-21");
    assert_int_equal(rasd_day_parse("2024-02-29", 10, &d), RASD_OK);
    rasd_day_format(d + 1, out);
    assert_string_equal(out, "2024-03-01");
    assert_int_equal(rasd_day_parse("2023-02-29", 10, &d), RASD_EPARSE);
    assert_int_equal(d, RASD_DAY_UNKNOWN);
    assert_int_equal(rasd_day_parse("2023-13-01", 10, &d), RASD_EPARSE);
    assert_int_equal(rasd_day_parse("20230101", 8, &d), RASD_EPARSE);
    rasd_day_format(RASD_DAY_UNKNOWN, out);
    assert_string_equal(out, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grouping),
        cmocka_unit_test(test_incremental_equals_batch),
        cmocka_unit_test(test_saved_state),
        cmocka_unit_test(test_fragments_merged),
        cmocka_unit_test(test_title_place),
        cmocka_unit_test(test_window),
        cmocka_unit_test(test_daily_thread),
        cmocka_unit_test(test_cap),
        cmocka_unit_test(test_two_events_one_country),
        cmocka_unit_test(test_new_incident),
        cmocka_unit_test(test_old_toll_is_new_incident),
        cmocka_unit_test(test_opinion_on_big_event),
        cmocka_unit_test(test_condolence_call_joins_incident),
        cmocka_unit_test(test_same_day_items),
        cmocka_unit_test(test_odd_input),
        cmocka_unit_test(test_story_json),
        cmocka_unit_test(test_days),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
