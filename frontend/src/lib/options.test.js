import { describe, expect, it } from 'vitest'
import specs from '../test/networks-fixture.json'
import { defaultOptions, hasCounter, optionLabel, optionsToSend } from './options'

const spec = (name) => specs.find((candidate) => candidate.name === name)
const option = (network, name) => spec(network).options.find((candidate) => candidate.name === name)

describe('per-account options', () => {
  it('start from each option default; a network without options has none', () => {
    expect(defaultOptions(spec('reddit'))).toEqual({ subreddit: '', title: '', url: '' })
    expect(defaultOptions(spec('linkedin'))).toEqual({ visibility: 'PUBLIC', title: '' })
    expect(defaultOptions(spec('x'))).toBeNull()
    expect(defaultOptions(null)).toBeNull()
  })

  it('leave out an optional option left empty, keep required ones even when empty', () => {
    const networkOf = { 1: 'reddit', 2: 'reddit', 3: 'linkedin' }
    const sent = optionsToSend(
      {
        1: { subreddit: 'coffee', title: '', url: '' },
        2: { subreddit: 'coffee', title: 'Hi', url: 'https://example.com/' },
        3: { visibility: 'CONNECTIONS' },
      },
      (id) => spec(networkOf[id]),
    )
    expect(sent).toEqual({
      1: { subreddit: 'coffee', title: '' },
      2: { subreddit: 'coffee', title: 'Hi', url: 'https://example.com/' },
      3: { visibility: 'CONNECTIONS' },
    })
  })

  it('show the title count in its label, counted in code points', () => {
    expect(optionLabel(spec('reddit'), option('reddit', 'title'), '日本 😀')).toBe('Title (4 / 300)')
    expect(optionLabel(spec('reddit'), option('reddit', 'subreddit'), 'coffee')).toBe('Subreddit')
    expect(optionLabel(spec('linkedin'), option('linkedin', 'visibility'), 'PUBLIC')).toBe('Visibility')
  })

  it('give a textarea with a limit a counter of its own', () => {
    const notes = { name: 'notes', label: 'Notes', kind: 'textarea', required: false, default: '', help: '', max_length: 500, choices: null }
    expect(hasCounter(spec('reddit'), notes)).toBe(true)
    expect(hasCounter(spec('reddit'), { ...notes, max_length: null })).toBe(false)
    expect(hasCounter(spec('reddit'), option('reddit', 'subreddit'))).toBe(false)
  })
})
