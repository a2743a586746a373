/*
 * The comment form, a little better with JavaScript; everything works without it.
 * - fills in the name, email and website a reader asked this browser to remember (the page itself is the same
 *   for everyone, so it never carries them);
 * - asks the site for a fresh signed timestamp (and whether the reader is signed in) once they start on the form;
 * - "Reply" moves the form under the comment instead of reloading the page, and "Cancel reply" puts it back.
 */
(function () {
  'use strict'
  var form = document.getElementById('commentform')
  var respond = document.getElementById('respond')
  if (!form || !respond) return
  var parentField = document.getElementById('comment_parent')
  var postField = document.getElementById('comment_post_ID')
  var tokenField = document.getElementById('pressroom_form_ts')
  var home = document.createElement('div')
  home.id = 'respond-home'
  home.hidden = true
  respond.parentNode.insertBefore(home, respond)

  function field(id) {
    return document.getElementById(id)
  }

  function remembered() {
    var match = document.cookie.match(/(?:^|;\s*)pressroom_commenter=([^;]*)/)
    if (!match) return null
    try {
      var value = JSON.parse(decodeURIComponent(match[1]))
      return value && typeof value === 'object' ? value : null
    } catch (e) {
      return null
    }
  }

  var saved = remembered()
  if (saved) {
    var pairs = [['author', saved.name], ['email', saved.email], ['url', saved.url]]
    for (var i = 0; i < pairs.length; i++) {
      var input = field(pairs[i][0])
      if (input && !input.value && typeof pairs[i][1] === 'string') input.value = pairs[i][1]
    }
    var consent = field('wp-comment-cookies-consent')
    if (consent) consent.checked = true
  }

  var asked = false
  function askServer() {
    if (asked || !window.fetch || !postField) return
    asked = true
    fetch(form.getAttribute('action') + '?form=' + encodeURIComponent(postField.value), { credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then(function (res) {
        return res.ok ? res.json() : null
      })
      .then(function (data) {
        if (!data) return
        if (tokenField && data.token) tokenField.value = data.token
        if (data.user) signedIn(data.user.name)
      })
      .catch(function () {})
  }

  function signedIn(name) {
    var ids = ['author', 'email', 'url']
    for (var i = 0; i < ids.length; i++) {
      var input = field(ids[i])
      if (!input) continue
      input.required = false
      input.parentNode.hidden = true
    }
    var consent = field('wp-comment-cookies-consent')
    if (consent) consent.parentNode.hidden = true
    var notes = form.querySelector('.comment-notes')
    if (notes) notes.hidden = true
    var who = form.querySelector('.logged-in-as')
    if (who) {
      who.textContent = 'Signed in as ' + name + '.'
      who.hidden = false
    }
  }

  form.addEventListener('focusin', askServer)
  form.addEventListener('input', askServer)

  function cancelLink() {
    var link = document.getElementById('cancel-comment-reply-link')
    if (link) return link
    link = document.createElement('a')
    link.id = 'cancel-comment-reply-link'
    link.rel = 'nofollow'
    link.href = '#respond'
    link.textContent = 'Cancel reply'
    var title = document.getElementById('reply-title')
    title.appendChild(document.createTextNode(' '))
    title.appendChild(link)
    return link
  }

  function cancel(event) {
    event.preventDefault()
    parentField.value = '0'
    home.parentNode.insertBefore(respond, home.nextSibling)
    var link = document.getElementById('cancel-comment-reply-link')
    if (!link) return
    if (link.previousSibling && link.previousSibling.nodeType === 3) link.parentNode.removeChild(link.previousSibling)
    link.parentNode.removeChild(link)
  }

  document.addEventListener('click', function (event) {
    var target = event.target
    if (!(target instanceof Element)) return
    var reply = target.closest('.comment-reply-link')
    if (reply) {
      var id = reply.getAttribute('data-comment-id')
      var body = id && document.querySelector('#comment-' + id + ' > .comment-body')
      if (!body) return
      event.preventDefault()
      parentField.value = id
      body.parentNode.insertBefore(respond, body.nextSibling)
      cancelLink()
      field('comment').focus()
      return
    }
    if (target.closest('#cancel-comment-reply-link') && home.nextElementSibling !== respond) {
      cancel(event)
      field('comment').focus()
    }
  })
})()
