/*
 * par.c: work over many items shared between the host's processors. par_split is for work whose
 * results land in place (a stat a guest); par_ordered for text that must come out in the items'
 * order (hpvmstatus of ten thousand guests). A thread costs tens of microseconds, so both work
 * alone below the minimum their caller gives.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "base/par.h"

#define PAR_THREADS_MAX	4

/* Threads for `n` items, each to have at least `min_each` of them. */
static size_t
par_threads(size_t n, size_t min_each)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t t = cpus > 1 ? (size_t)cpus : 1;

	if (t > PAR_THREADS_MAX)
		t = PAR_THREADS_MAX;
	if (min_each > 0 && n / min_each < t)
		t = n / min_each > 0 ? n / min_each : 1;
	return t;
}

static size_t
min_size(size_t a, size_t b)
{
	return a < b ? a : b;
}

struct par_range {
	par_range_fn	 fn;
	void		*arg;
	size_t		 from, to;
};

static void *
range_run(void *p)
{
	const struct par_range *r = p;

	r->fn(r->from, r->to, r->arg);
	return NULL;
}

/* fn over [0, n) in one contiguous range a thread; the caller's thread takes the first. */
void
par_split(size_t n, size_t min_each, par_range_fn fn, void *arg)
{
	struct par_range r[PAR_THREADS_MAX];
	pthread_t tid[PAR_THREADS_MAX];
	int started[PAR_THREADS_MAX] = { 0 };
	size_t t = par_threads(n, min_each), k;

	for (k = 0; k < t; k++)
		r[k] = (struct par_range){ fn, arg, n * k / t, n * (k + 1) / t };
	for (k = 1; k < t; k++)
		started[k] = pthread_create(&tid[k], NULL, range_run, &r[k]) == 0;
	range_run(&r[0]);
	for (k = 1; k < t; k++) {
		if (started[k])
			pthread_join(tid[k], NULL);
		else
			range_run(&r[k]);
	}
}

/* A worker's text: kept from round to round, so its pages are touched once (a fault is dear here). */
struct par_text {
	char	*p;
	size_t	 len, cap;
};

static ssize_t
text_write(void *cookie, const char *buf, size_t n)
{
	struct par_text *t = cookie;
	char *p;
	size_t cap;

	if (n > t->cap - t->len) {
		for (cap = t->cap ? t->cap : 1 << 16; cap - t->len < n; cap *= 2)
			;
		if ((p = realloc(t->p, cap)) == NULL)
			return 0;	/* stdio's error */
		t->p = p;
		t->cap = cap;
	}
	memcpy(t->p + t->len, buf, n);
	t->len += n;
	return (ssize_t)n;
}

struct par_ord;

struct par_worker {
	struct par_ord		*o;
	size_t			 k;		/* the round's k-th block is this worker's */
	pthread_t		 tid;
	FILE			*f;		/* writes to text */
	struct par_text		 text;
	int			 rc;
};

/* The rounds: the caller starts one (round++), each worker does its block, the last says so. */
struct par_ord {
	par_block_fn		 fn;
	void			*arg;
	size_t			 n, block, from;	/* from: the round's first item */
	pthread_mutex_t		 mu;
	pthread_cond_t		 go, done;
	unsigned		 round;
	size_t			 pending;		/* workers still at this round's block */
	int			 stop;
};

static void
worker_round(struct par_worker *w)
{
	struct par_ord *o = w->o;
	size_t from = o->from + w->k * o->block;

	w->rc = 0;
	if (from < o->n) {
		w->rc = o->fn(from, min_size(from + o->block, o->n), w->f, o->arg);
		if (fflush(w->f) != 0 || ferror(w->f))
			w->rc = -1;
	}
}

static void *
worker_run(void *p)
{
	struct par_worker *w = p;
	struct par_ord *o = w->o;
	unsigned seen = 0;

	pthread_mutex_lock(&o->mu);
	for (;;) {
		while (o->round == seen && !o->stop)
			pthread_cond_wait(&o->go, &o->mu);
		if (o->stop)
			break;
		seen = o->round;
		pthread_mutex_unlock(&o->mu);
		worker_round(w);
		pthread_mutex_lock(&o->mu);
		if (--o->pending == 0)
			pthread_cond_signal(&o->done);
	}
	pthread_mutex_unlock(&o->mu);
	return NULL;
}

/* Up to `t` - 1 workers, each with its stream; how many threads work, the caller's among them. */
static size_t
workers_start(struct par_ord *o, struct par_worker *w, size_t t)
{
	cookie_io_functions_t io = { .write = text_write };
	size_t k;

	for (k = 1; k < t; k++) {
		w[k] = (struct par_worker){ .o = o, .k = k };
		if ((w[k].f = fopencookie(&w[k].text, "w", io)) == NULL)
			break;
		if (pthread_create(&w[k].tid, NULL, worker_run, &w[k]) != 0) {
			fclose(w[k].f);
			break;
		}
	}
	return k;
}

/* A round: the workers' blocks started, the caller's written, the workers' waited for. */
static int
round_run(struct par_ord *o, size_t t, FILE *out)
{
	int rc;

	pthread_mutex_lock(&o->mu);
	o->pending = t - 1;
	o->round++;
	pthread_cond_broadcast(&o->go);
	pthread_mutex_unlock(&o->mu);
	rc = o->fn(o->from, min_size(o->from + o->block, o->n), out, o->arg);
	pthread_mutex_lock(&o->mu);
	while (o->pending > 0)
		pthread_cond_wait(&o->done, &o->mu);
	pthread_mutex_unlock(&o->mu);
	return rc;
}

/*
 * fn over [0, n) in blocks of `block` items, its text written to `out` in the items' order. Each
 * round every worker thread writes one block to memory and the caller's thread the round's first
 * block straight to `out`: only a round's text is ever held. 0, or -1 when fn failed or memory
 * ran out; the rounds after are not started, nor after a write to `out` failed (ferror says so).
 */
int
par_ordered(size_t n, size_t block, par_block_fn fn, void *arg, FILE *out)
{
	struct par_ord o = { .fn = fn, .arg = arg, .n = n, .block = block ? block : 1,
	    .mu = PTHREAD_MUTEX_INITIALIZER, .go = PTHREAD_COND_INITIALIZER,
	    .done = PTHREAD_COND_INITIALIZER };
	struct par_worker w[PAR_THREADS_MAX];
	size_t t = par_threads(n, o.block), k;
	int rc = 0;

	t = workers_start(&o, w, t);
	for (o.from = 0; o.from < n && rc == 0 && !ferror(out); o.from += t * o.block) {
		rc = round_run(&o, t, out);
		for (k = 1; k < t; k++) {
			if (w[k].rc != 0)
				rc = -1;
			else if (rc == 0 && w[k].text.len > 0 &&
			    fwrite(w[k].text.p, 1, w[k].text.len, out) != w[k].text.len)
				break;		/* out's error flag says so, for the caller */
			w[k].text.len = 0;
		}
	}
	pthread_mutex_lock(&o.mu);
	o.stop = 1;
	pthread_cond_broadcast(&o.go);
	pthread_mutex_unlock(&o.mu);
	for (k = 1; k < t; k++) {
		pthread_join(w[k].tid, NULL);
		fclose(w[k].f);
		free(w[k].text.p);
	}
	return rc;
}
